namespace Neurons.Testing.Vlm;

/// <summary>What the loopback server does with one request.</summary>
public abstract record ServerAction
{
    /// <summary>Answers 200 with this assistant content, in the protocol of the request (after an optional delay).</summary>
    public sealed record Reply(string Content, int DelayMs = 0) : ServerAction;

    /// <summary>Answers with an HTTP status and an error body.</summary>
    public sealed record Status(int Code) : ServerAction;

    /// <summary>Never answers (until the client gives up or the server stops).</summary>
    public sealed record Hang : ServerAction;

    /// <summary>Sends a streamed first piece, then never sends more (Ollama stream:true only).</summary>
    public sealed record HangMidStream(string Content) : ServerAction;

    /// <summary>Drops the connection without an answer.</summary>
    public sealed record Drop : ServerAction;

    /// <summary>Answers 200 with a body that is not JSON.</summary>
    public sealed record MalformedBody : ServerAction;

    /// <summary>Answers 200 with the content split into pieces but stops before the done message (or mid-object when not streaming).</summary>
    public sealed record Truncated(string Content) : ServerAction;
}
