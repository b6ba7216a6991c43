using System.Net;
using Neurons.Annotation.Servers;
using Neurons.Annotation.Vlm;

namespace Neurons.Cli.Tests.Doctor;

public sealed class VlmServerProbeTests
{
    private const string OllamaTags = """{"models":[{"name":"qwen2.5vl:7b","model":"qwen2.5vl:7b"},{"name":"llava:latest","model":"llava:latest"}]}""";

    [Theory]
    [InlineData("qwen2.5vl:7b")]
    [InlineData("llava")]
    public async Task CheckAsync_OllamaHasTheModel_ReturnsNullAfterOneGetOfApiTags(string model)
    {
        using var handler = new StubHandler(HttpStatusCode.OK, OllamaTags);

        var problem = await VlmServerProbe.CheckAsync(new VlmEndpointOptions { Kind = "ollama", Url = "http://gpu-box:11434", Model = model }, TimeSpan.FromSeconds(5), CancellationToken.None, handler);

        Assert.Null(problem);
        var request = Assert.Single(handler.Requests);
        Assert.Equal((HttpMethod.Get, "http://gpu-box:11434/api/tags"), (request.Method, request.RequestUri!.ToString()));
    }

    [Fact]
    public async Task CheckAsync_OllamaLacksTheModel_NamesWhatItHasAndThePullCommand()
    {
        using var handler = new StubHandler(HttpStatusCode.OK, OllamaTags);

        var problem = await VlmServerProbe.CheckAsync(new VlmEndpointOptions { Kind = "ollama", Url = "http://gpu-box:11434/", Model = "qwen2.5vl:72b" }, TimeSpan.FromSeconds(5), CancellationToken.None, handler);

        Assert.Equal("http://gpu-box:11434/ has not pulled model 'qwen2.5vl:72b' (it has qwen2.5vl:7b, llava:latest); run: ollama pull qwen2.5vl:72b", problem);
    }

    [Theory]
    [InlineData("http://vllm:8000", "http://vllm:8000/v1/models")]
    [InlineData("http://vllm:8000/v1", "http://vllm:8000/v1/models")]
    public async Task CheckAsync_OpenAiServer_AsksV1ModelsWithTheBearerToken(string url, string asked)
    {
        using var handler = new StubHandler(HttpStatusCode.OK, """{"object":"list","data":[{"id":"Qwen/Qwen2.5-VL-72B-Instruct","object":"model"}]}""");

        var problem = await VlmServerProbe.CheckAsync(
            new VlmEndpointOptions { Kind = "openai", Url = url, Model = "Qwen/Qwen2.5-VL-72B-Instruct", ApiKey = "sk-test" }, TimeSpan.FromSeconds(5), CancellationToken.None, handler);

        Assert.Null(problem);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(asked, request.RequestUri!.ToString());
        Assert.Equal("Bearer sk-test", request.Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task CheckAsync_ServerAnswersAnError_ReportsTheStatus()
    {
        using var handler = new StubHandler(HttpStatusCode.Unauthorized, "{}");

        var problem = await VlmServerProbe.CheckAsync(new VlmEndpointOptions { Kind = "openai", Url = "http://vllm:8000", Model = "m" }, TimeSpan.FromSeconds(5), CancellationToken.None, handler);

        Assert.Equal("http://vllm:8000/v1/models answered HTTP 401 Unauthorized", problem);
    }
}
