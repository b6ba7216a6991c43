using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Neurons.Stages.Tests.Annotate;

/// <summary>
/// A minimal Ollama <c>/api/chat</c> on 127.0.0.1 for stage tests (non-streamed replies): answers the
/// caption prompt with <c>{"caption":"a dog on a road"}</c> and the object prompt with
/// <c>{"objects":["dog","road"]}</c>, except for images the test marks as refused, whose object replies
/// violate the schema. Records the image of every request.
/// </summary>
internal sealed class OllamaStandIn : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(string Image, bool Caption)> requests = new();
    private readonly Task loop;

    public OllamaStandIn()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        probe.Stop();
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public string Url { get; }

    /// <summary>Gets or sets the base64 PNG images whose object replies are schema-invalid.</summary>
    public HashSet<string> Refused { get; set; } = [];

    public IReadOnlyList<(string Image, bool Caption)> Requests => [.. requests];

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        using var body = JsonDocument.Parse(await reader.ReadToEndAsync());
        var root = body.RootElement;
        var caption = root.GetProperty("format").GetProperty("properties").TryGetProperty("caption", out _);
        var image = root.GetProperty("messages")[1].GetProperty("images")[0].GetString()!;
        requests.Enqueue((image, caption));
        var content = caption
            ? """{"caption":"a dog on a road"}"""
            : Refused.Contains(image) ? """{"objects":"dog"}""" : """{"objects":["dog","road"]}""";
        var reply = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["model"] = root.GetProperty("model").GetString()!,
            ["created_at"] = "2026-11-23T10:00:00Z",
            ["message"] = new Dictionary<string, string> { ["role"] = "assistant", ["content"] = content },
            ["done"] = true,
            ["done_reason"] = "stop",
            ["prompt_eval_count"] = 70,
            ["eval_count"] = 9,
        });
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = reply.Length;
        await context.Response.OutputStream.WriteAsync(reply);
        context.Response.Close();
    }
}
