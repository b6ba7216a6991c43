using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Neurons.Bench.Vlm;

/// <summary>
/// A stand-in Ollama on 127.0.0.1 for the throughput benchmark: <c>POST /api/chat</c> is answered after a fixed
/// delay with a reply valid under the request's JSON schema (a caption, or a list of objects), as one JSON object
/// or, when the request asks for a stream, one NDJSON line with <c>done: true</c>. Requests are served
/// concurrently, so the only limit on throughput is the client's own bound on requests in flight.
/// </summary>
internal sealed class LoopbackOllamaServer : IDisposable
{
    private readonly HttpListener listener;
    private readonly TimeSpan latency;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private int requests;
    private int inFlight;
    private int maxInFlight;

    public LoopbackOllamaServer(TimeSpan latency)
    {
        this.latency = latency;
        (listener, Url) = Start();
        loop = Task.Run(AcceptAsync);
    }

    /// <summary>Gets the base URL (<c>http://127.0.0.1:PORT/</c>).</summary>
    public string Url { get; }

    /// <summary>Gets the number of requests received so far (every path).</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>Gets the most requests that were in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref maxInFlight);

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
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    private async Task AcceptAsync()
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

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref requests);
        var now = Interlocked.Increment(ref inFlight);
        for (var seen = Volatile.Read(ref maxInFlight); now > seen; seen = Volatile.Read(ref maxInFlight))
        {
            Interlocked.CompareExchange(ref maxInFlight, now, seen);
        }

        var counted = true;
        try
        {
            var response = context.Response;
            if (context.Request.HttpMethod != "POST" || context.Request.Url?.AbsolutePath != "/api/chat")
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            using var body = JsonDocument.Parse(await reader.ReadToEndAsync(stopping.Token).ConfigureAwait(false));
            var root = body.RootElement;
            var isCaption = root.TryGetProperty("format", out var format)
                && format.ValueKind == JsonValueKind.Object
                && format.TryGetProperty("properties", out var properties)
                && properties.TryGetProperty("caption", out _);
            var stream = !root.TryGetProperty("stream", out var s) || s.ValueKind == JsonValueKind.True;
            var content = isCaption ? """{"caption":"a man walking a dog on a road"}""" : """{"objects":["man","dog","road"]}""";
            await Task.Delay(latency, stopping.Token).ConfigureAwait(false);

            // The request leaves the count before the reply is sent: once the client has the reply it may send
            // the next request, which must not be seen overlapping this one.
            Interlocked.Decrement(ref inFlight);
            counted = false;
            var reply = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["model"] = root.TryGetProperty("model", out var model) ? model.GetString() ?? "model" : "model",
                ["created_at"] = "2026-01-01T00:00:00.000000Z",
                ["message"] = new Dictionary<string, string> { ["role"] = "assistant", ["content"] = content },
                ["done"] = true,
                ["done_reason"] = "stop",
                ["total_duration"] = (long)latency.TotalMicroseconds * 1000,
                ["prompt_eval_count"] = 70,
                ["eval_count"] = 9,
            }) + (stream ? "\n" : string.Empty);
            var bytes = Encoding.UTF8.GetBytes(reply);
            response.StatusCode = 200;
            response.ContentType = stream ? "application/x-ndjson" : "application/json; charset=utf-8";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes, stopping.Token).ConfigureAwait(false);
            response.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            if (counted)
            {
                Interlocked.Decrement(ref inFlight);
            }
        }
    }
}
