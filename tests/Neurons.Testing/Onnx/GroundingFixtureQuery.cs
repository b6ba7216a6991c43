namespace Neurons.Testing.Onnx;

/// <summary>One query of the Grounding DINO fixture: it fires on a token id at a given position id.</summary>
/// <param name="TokenId">The BERT id the query aligns with.</param>
/// <param name="PositionId">The position id that token must carry (checks the per-phrase positions reach the model).</param>
/// <param name="Logit">The raw logit on a match (sigmoid gives the score); every other token gets -10.</param>
/// <param name="CenterX">Normalised box centre x.</param>
/// <param name="CenterY">Normalised box centre y.</param>
/// <param name="Width">Normalised box width.</param>
/// <param name="Height">Normalised box height.</param>
public sealed record GroundingFixtureQuery(long TokenId, long PositionId, float Logit, float CenterX, float CenterY, float Width, float Height);
