using System.Security.Cryptography;
using System.Text;

namespace Neurons.Annotation.Cache;

/// <summary>
/// The content key of a VLM reply: SHA-256 over provider kind, model, prompt hash (which covers the
/// system text, user text and schema), image pixel hash and canonical decoding options. The endpoint
/// URL, <c>keep_alive</c>, streaming and parallelism are not part of it: they do not change the answer.
/// </summary>
public static class CacheKey
{
    /// <summary>Computes the key (lowercase hex).</summary>
    public static string Compute(string providerKind, string model, string promptHash, string imageHash, string options)
    {
        var text = string.Join('\u001e', "neurons-vlm-reply-v1", providerKind, model, promptHash, imageHash, options);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
