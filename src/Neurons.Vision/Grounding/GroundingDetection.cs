using Neurons.Vision.Imaging;

namespace Neurons.Vision.Grounding;

/// <summary>The best box Grounding DINO found for one phrase.</summary>
/// <param name="Phrase">The phrase (object name).</param>
/// <param name="Box">The box in pixels of the input image.</param>
/// <param name="Score">The sigmoid score: the maximum over the phrase's tokens for the chosen query.</param>
/// <param name="Query">The index of the query (0–899) that produced it.</param>
public sealed record GroundingDetection(string Phrase, PixelBox Box, float Score, int Query);
