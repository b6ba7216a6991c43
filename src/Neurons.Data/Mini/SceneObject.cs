namespace Neurons.Data.Mini;

/// <summary>One drawn object of a mini clip: what it is, its colour, and its straight-line motion.</summary>
/// <param name="Name">The object name (the annotation tag): dog, car, fish, bird, ball, man or woman.</param>
/// <param name="ColourName">The colour word used in the caption.</param>
/// <param name="Colour">The RGB colour.</param>
/// <param name="X0">Centre x at the clip start, as a fraction of the width.</param>
/// <param name="Y0">Centre y at the clip start, as a fraction of the height.</param>
/// <param name="Vx">Horizontal velocity in widths per second.</param>
/// <param name="Vy">Vertical velocity in heights per second.</param>
/// <param name="Size">Half-size as a fraction of the height.</param>
public sealed record SceneObject(string Name, string ColourName, byte[] Colour, double X0, double Y0, double Vx, double Vy, double Size)
{
    /// <summary>Returns the centre (fractions of width and height) at <paramref name="t"/> seconds into the clip.</summary>
    public (double X, double Y) CentreAt(double t) => (X0 + (Vx * t), Y0 + (Vy * t));
}
