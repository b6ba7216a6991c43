using System.Collections.Concurrent;
using Neurons.Data.Tables;

namespace Neurons.Annotation.Tests.Vlm;

/// <summary>
/// A deterministic fault plan for a loopback server: the server recognises each (clip, prompt) by the
/// image it carries, and faults that request's first attempt(s) as planned.
/// </summary>
public sealed class FaultScript
{
    private readonly Dictionary<string, int> clipByImage;
    private readonly ConcurrentDictionary<(int Clip, bool Caption), int> attempts = new();

    public FaultScript(IReadOnlyList<ClipRow> clips, int frame)
    {
        clipByImage = clips
            .Select((c, i) => (Image: Neurons.Annotation.Vlm.EncodedImage.FromRgb(ClipFixtures.Frame(c, frame), c.Width, c.Height).ToBase64(), Index: i))
            .ToDictionary(x => x.Image, x => x.Index);
    }

    /// <summary>Gets the plan: per (clip, prompt), the actions of its first attempts; later attempts are answered correctly.</summary>
    public Dictionary<(int Clip, bool Caption), ServerAction[]> Plan { get; } = [];

    /// <summary>Gets per (clip, prompt) an action repeated on every attempt (a permanent fault).</summary>
    public Dictionary<(int Clip, bool Caption), ServerAction> Always { get; } = [];

    public int ClipOf(RecordedRequest request) => clipByImage[request.ImageBase64];

    public ServerAction Respond(RecordedRequest request)
    {
        var key = (ClipOf(request), request.IsCaption);
        var attempt = attempts.AddOrUpdate(key, 0, (_, n) => n + 1);
        if (Always.TryGetValue(key, out var always))
        {
            return always;
        }

        return Plan.TryGetValue(key, out var actions) && attempt < actions.Length
            ? actions[attempt]
            : LoopbackVlmServer.Healthy(request);
    }
}
