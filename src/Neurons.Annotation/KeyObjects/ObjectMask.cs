namespace Neurons.Annotation.KeyObjects;

/// <summary>One object's mask on one frame of a clip, as the key-object selector sees it.</summary>
/// <param name="Frame">The frame index (0–5).</param>
/// <param name="Label">The object's category name (e.g. <c>dog</c>).</param>
/// <param name="Width">The mask width in pixels.</param>
/// <param name="Height">The mask height in pixels.</param>
/// <param name="Bits">The mask as packed bits, row-major, most significant bit first (<c>MaskBits</c>).</param>
public sealed record ObjectMask(int Frame, string Label, int Width, int Height, byte[] Bits);
