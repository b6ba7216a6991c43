using Neurons.Vision.Imaging;
using Neurons.Vision.Sam;

namespace Neurons.Vision.GroundedSam;

/// <summary>One object found on one frame: its Grounding DINO box and score and its SAM mask.</summary>
/// <param name="Phrase">The object name that found it.</param>
/// <param name="Box">The box in frame pixels.</param>
/// <param name="Score">The grounding score.</param>
/// <param name="Mask">The mask at frame size.</param>
public sealed record SegmentedObject(string Phrase, PixelBox Box, float Score, SamMask Mask);
