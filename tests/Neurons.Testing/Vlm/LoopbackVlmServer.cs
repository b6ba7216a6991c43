using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Neurons.Testing.Vlm;

/// <summary>
/// A stand-in VLM server on 127.0.0.1 speaking Ollama's <c>/api/chat</c> (one JSON object, or NDJSON
/// when <c>stream</c> is true or absent) and OpenAI's <c>/v1/chat/completions</c>. Every request is
/// recorded and answered as a script says, faults included.
/// </summary>
public sealed class LoopbackVlmServer : IDisposable
{
    private readonly HttpListener listener;
    private readonly Func<RecordedRequest, ServerAction> script;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly Task loop;
    private int sequence = -1;
    private int inFlight;
    private int maxInFlight;

    public LoopbackVlmServer(Func<RecordedRequest, ServerAction> script)
    {
        this.script = script;
        (listener, Url) = Start();
        loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Gets the base URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public string Url { get; }

    /// <summary>Gets the requests received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => requests.OrderBy(r => r.Sequence).ToList();

    /// <summary>Gets the most requests that were being handled at the same time.</summary>
    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    /// <summary>A script that answers every request correctly: caption "a dog on a road", objects [dog, road].</summary>
    public static ServerAction Healthy(RecordedRequest request) => new ServerAction.Reply(CorrectReply(request));

    /// <summary>The valid reply content for a request.</summary>
    public static string CorrectReply(RecordedRequest request) =>
        request.IsCaption ? """{"caption":"a dog running on a road"}""" : """{"objects":["Dog","road"]}""";

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        stopping.Dispose();
    }

    private static (HttpListener Listener, string Url) Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var url = $"http://127.0.0.1:{port}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(url);
            try
            {
                listener.Start();
                return (listener, url);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        // A request counts as in flight from when its body has been read until just before the answer
        // is written: an interval inside the client's own, so MaxInFlight never overstates the client's.
        var left = 0;
        void Leave()
        {
            if (Interlocked.Exchange(ref left, 1) == 0)
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var text = await reader.ReadToEndAsync().ConfigureAwait(false);
            using var document = JsonDocument.Parse(text);
            var request = new RecordedRequest(
                Interlocked.Increment(ref sequence),
                context.Request.Url!.AbsolutePath,
                document.RootElement.Clone(),
                context.Request.Headers["Authorization"]);
            var now = Interlocked.Increment(ref inFlight);
            int seen;
            while ((seen = Volatile.Read(ref maxInFlight)) < now && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen)
            {
            }

            requests.Enqueue(request);
            await RespondAsync(context.Response, request, script(request), Leave).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // the client went away (timeout) or the server is stopping
        }
        finally
        {
            Leave();
        }
    }

    private async Task RespondAsync(HttpListenerResponse response, RecordedRequest request, ServerAction action, Action leave)
    {
        if (action is ServerAction.Reply { DelayMs: > 0 } delayed)
        {
            await Task.Delay(delayed.DelayMs, stopping.Token).ConfigureAwait(false);
        }

        if (action is not ServerAction.Hang and not ServerAction.HangMidStream)
        {
            leave();
        }

        switch (action)
        {
            case ServerAction.Reply reply:
                if (request.IsOllama && request.Stream)
                {
                    var pieces = Split(reply.Content);
                    await WriteStreamAsync(response, pieces.Select(p => OllamaPiece(request, p)).Append(OllamaDone(request, string.Empty))).ConfigureAwait(false);
                }
                else
                {
                    await WriteAsync(response, 200, request.IsOllama ? OllamaDone(request, reply.Content) : OpenAiCompletion(request, reply.Content)).ConfigureAwait(false);
                }

                break;
            case ServerAction.Status status:
                await WriteAsync(response, status.Code, $$"""{"error":"injected status {{status.Code}}"}""").ConfigureAwait(false);
                break;
            case ServerAction.Hang:
                await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
                break;
            case ServerAction.HangMidStream hang:
                response.SendChunked = true;
                response.ContentType = "application/x-ndjson";
                await WriteLineAsync(response, OllamaPiece(request, hang.Content)).ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
                break;
            case ServerAction.Drop:
                response.Abort();
                break;
            case ServerAction.MalformedBody:
                await WriteAsync(response, 200, "<html>upstream error</html>").ConfigureAwait(false);
                break;
            case ServerAction.Truncated truncated:
                if (request.IsOllama && request.Stream)
                {
                    await WriteStreamAsync(response, Split(truncated.Content).Select(p => OllamaPiece(request, p))).ConfigureAwait(false);
                }
                else
                {
                    var full = request.IsOllama ? OllamaDone(request, truncated.Content) : OpenAiCompletion(request, truncated.Content);
                    await WriteAsync(response, 200, full[..(full.Length / 2)]).ConfigureAwait(false);
                }

                break;
        }
    }

    private static string[] Split(string content)
    {
        var third = Math.Max(content.Length / 3, 1);
        return content.Length <= 3
            ? [content]
            : [content[..third], content[third..(2 * third)], content[(2 * third)..]];
    }

    private static string OllamaPiece(RecordedRequest request, string content) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["model"] = request.Body.GetProperty("model").GetString()!,
        ["created_at"] = "2026-11-23T10:00:00.000000Z",
        ["message"] = new Dictionary<string, string> { ["role"] = "assistant", ["content"] = content },
        ["done"] = false,
    });

    private static string OllamaDone(RecordedRequest request, string content) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["model"] = request.Body.GetProperty("model").GetString()!,
        ["created_at"] = "2026-11-23T10:00:00.000000Z",
        ["message"] = new Dictionary<string, string> { ["role"] = "assistant", ["content"] = content },
        ["done"] = true,
        ["done_reason"] = "stop",
        ["total_duration"] = 2_000_000L,
        ["load_duration"] = 1_000L,
        ["prompt_eval_count"] = 70,
        ["prompt_eval_duration"] = 1_000_000L,
        ["eval_count"] = 9,
        ["eval_duration"] = 900_000L,
    });

    private static string OpenAiCompletion(RecordedRequest request, string content) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["id"] = "chatcmpl-" + request.Sequence.ToString(CultureInfo.InvariantCulture),
        ["object"] = "chat.completion",
        ["created"] = 1_795_000_000L,
        ["model"] = request.Body.GetProperty("model").GetString()!,
        ["choices"] = new object[]
        {
            new Dictionary<string, object>
            {
                ["index"] = 0,
                ["message"] = new Dictionary<string, string> { ["role"] = "assistant", ["content"] = content },
                ["finish_reason"] = "stop",
            },
        },
        ["usage"] = new Dictionary<string, int> { ["prompt_tokens"] = 70, ["completion_tokens"] = 9, ["total_tokens"] = 79 },
    });

    private static async Task WriteAsync(HttpListenerResponse response, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        response.Close();
    }

    private static async Task WriteStreamAsync(HttpListenerResponse response, IEnumerable<string> lines)
    {
        response.StatusCode = 200;
        response.SendChunked = true;
        response.ContentType = "application/x-ndjson";
        foreach (var line in lines)
        {
            await WriteLineAsync(response, line).ConfigureAwait(false);
        }

        response.Close();
    }

    private static async Task WriteLineAsync(HttpListenerResponse response, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        await response.OutputStream.FlushAsync().ConfigureAwait(false);
    }
}
