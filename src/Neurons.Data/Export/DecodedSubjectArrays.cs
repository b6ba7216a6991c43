using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Neurons.Data.Tables;

namespace Neurons.Data.Export;

/// <summary>
/// One subject's decoded outputs being exported, in the test split's order: the arrays whose size is known from the
/// first row (blurry videos, latents, masks) are written row by row into their <c>.npy</c> files; the small ones
/// (captions, concept scores, top concepts) are kept and written by <see cref="Finish"/>, which also checks that every
/// test clip has a row.
/// </summary>
internal sealed class DecodedSubjectArrays : IDisposable
{
    private const int Frames = ClipRow.FrameCount;

    private readonly int subject;
    private readonly int count;
    private readonly int width;
    private readonly int height;
    private readonly int maskSize;
    private readonly int latentSide;
    private readonly int latentChannels;
    private readonly int concepts;
    private readonly NpyWriter videos;
    private readonly NpyWriter latents;
    private readonly NpyWriter masks;
    private readonly string[] captions;
    private readonly string[] topConcepts;
    private readonly float[][] scores;
    private readonly float[] chw;
    private readonly SortedSet<string> fmriOrders = new(StringComparer.Ordinal);
    private bool closed;

    private DecodedSubjectArrays(int subject, int count, DecodedRow like, int latentChannels, Func<string, string> temp)
    {
        this.subject = subject;
        this.count = count;
        width = like.Width;
        height = like.Height;
        maskSize = like.MaskSize;
        latentSide = like.LatentSide;
        this.latentChannels = latentChannels;
        concepts = like.ConceptScores.Count;
        captions = new string[count];
        topConcepts = new string[count];
        scores = new float[count][];
        chw = new float[Frames * 3 * height * width];
        videos = NpyWriter.CreateFloat32(temp(VideosFile), count, Frames, 3, height, width);
        latents = NpyWriter.CreateFloat32(temp(LatentsFile), count, Frames, latentChannels, latentSide, latentSide);
        masks = NpyWriter.CreateUInt8(temp(MasksFile), count, Frames, maskSize, maskSize);
    }

    private string Prefix => string.Create(CultureInfo.InvariantCulture, $"subj{subject:00}");

    private string VideosFile => $"{Prefix}_recon_videos.npy";

    private string LatentsFile => $"{Prefix}_pred_test_blurry_latents.npy";

    private string MasksFile => $"{Prefix}_pred_test_masks.npy";

    private string CaptionsFile => $"{Prefix}_pred_test_caption_self.npy";

    private string ScoresFile => $"{Prefix}_pred_test_concept_scores.npy";

    private string TopConceptFile => $"{Prefix}_pred_test_top_concept.npy";

    /// <summary>Opens the arrays of <paramref name="like"/>'s subject for <paramref name="count"/> test clips, sized from that row.</summary>
    /// <param name="shard">The decoded shard the row comes from (for errors).</param>
    /// <param name="like">The subject's first row.</param>
    /// <param name="count">Test clips in the split.</param>
    /// <param name="temp">Maps a final file name to the temporary path to write it at (and records it).</param>
    public static DecodedSubjectArrays Create(string shard, DecodedRow like, int count, Func<string, string> temp)
    {
        var plane = Frames * like.LatentSide * like.LatentSide;
        if (like.Width < 1 || like.Height < 1 || like.MaskSize < 1 || like.LatentSide < 1 || like.BlurryLatents.Count == 0 || like.BlurryLatents.Count % plane != 0)
        {
            throw new InvalidDataException($"decoded/{shard}: clip {like.ClipId} has width {like.Width}, height {like.Height}, mask_size {like.MaskSize}, latent_side {like.LatentSide} and {like.BlurryLatents.Count} latent values, which give no array shape; re-run decode");
        }

        return new DecodedSubjectArrays(like.Subject, count, like, like.BlurryLatents.Count / plane, temp);
    }

    /// <summary>Writes one row at its split index.</summary>
    public void Add(string shard, int index, DecodedRow row, string? fmriOrder)
    {
        var plane = height * width;
        if (row.Width != width || row.Height != height || row.BlurryFrames.Count != Frames
            || row.MaskSize != maskSize || row.Masks.Count != Frames
            || row.LatentSide != latentSide || row.BlurryLatents.Count != Frames * latentChannels * latentSide * latentSide
            || row.ConceptScores.Count != concepts)
        {
            throw new InvalidDataException($"decoded/{shard}: clip {row.ClipId} of subject {subject} has other sizes than the subject's first row ({width}x{height} frames, {maskSize}² masks, {latentChannels}x{latentSide}² latents, {concepts} concept scores); re-run decode");
        }

        if (captions[index] is not null)
        {
            throw new InvalidDataException($"decoded/{shard}: clip {row.ClipId} of subject {subject} appears twice in the decoded shards");
        }

        var blurry = row.DecodeBlurryFrames();
        for (var f = 0; f < Frames; f++)
        {
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < 3; c++)
                {
                    chw[(((f * 3) + c) * plane) + p] = blurry[(((f * plane) + p) * 3) + c] / 255f;
                }
            }
        }

        videos.Write((long)index * chw.Length, chw);
        var latentValues = CollectionsMarshal.AsSpan(row.BlurryLatents);
        latents.Write((long)index * latentValues.Length, latentValues);
        var maskBytes = row.DecodeMasks();
        masks.Write((long)index * maskBytes.Length, maskBytes);
        captions[index] = row.Caption;
        topConcepts[index] = row.TopConcept;
        scores[index] = [.. row.ConceptScores];
        if (fmriOrder is not null)
        {
            fmriOrders.Add(fmriOrder);
        }
    }

    /// <summary>Checks that every test clip has a row, closes the streamed arrays, writes the small ones and describes them all.</summary>
    public JsonObject Finish(IReadOnlyList<string> clipIds, Func<string, string> temp, JsonArray arrays)
    {
        var missing = Enumerable.Range(0, count).FirstOrDefault(i => captions[i] is null, -1);
        if (missing >= 0)
        {
            throw new InvalidDataException($"decoded: subject {subject} has no row for test clip {clipIds[missing]} (is its decoded shard committed? run `pipeline run` up to decode)");
        }

        Dispose();
        NpyWriter.WriteStrings(temp(CaptionsFile), captions);
        NpyWriter.WriteStrings(temp(TopConceptFile), topConcepts);
        using (var npy = NpyWriter.CreateFloat32(temp(ScoresFile), count, concepts))
        {
            for (var i = 0; i < count; i++)
            {
                npy.Write((long)i * concepts, scores[i]);
            }
        }

        var s = subject.ToString(CultureInfo.InvariantCulture);
        arrays.Add(Describe(VideosFile, [count, Frames, 3, height, width], "float32", $"subject {s} blurry videos (the reference's recon_videos.pt): the decoded blurry frames / 255, RGB channels first, in [0, 1]"));
        arrays.Add(Describe(LatentsFile, [count, Frames, latentChannels, latentSide, latentSide], "float32", $"subject {s} masked latents fed to the VAE decoder (scaled latent space, x 0.18215)"));
        arrays.Add(Describe(MasksFile, [count, Frames, maskSize, maskSize], "uint8", $"subject {s} key-object masks, 1 where sigmoid(segmentation logit) > 0.5"));
        arrays.Add(Describe(CaptionsFile, [count], "unicode", $"subject {s} GPT-2 captions, greedy (the reference's pred_test_caption_self.pt)"));
        arrays.Add(Describe(ScoresFile, [count, concepts], "float32", $"subject {s} concept classifier sigmoid scores, in wordnet/concepts.yaml order"));
        arrays.Add(Describe(TopConceptFile, [count], "unicode", $"subject {s} highest-scoring concept (the segmentation branch's text)"));
        return new JsonObject
        {
            ["subject"] = subject,
            ["clips"] = count,
            ["fmri_order"] = new JsonArray(fmriOrders.Select(o => (JsonNode)o).ToArray()),
        };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (closed)
        {
            return;
        }

        closed = true;
        videos.Dispose();
        latents.Dispose();
        masks.Dispose();
    }

    private static JsonObject Describe(string file, IReadOnlyList<long> shape, string dtype, string what) => new()
    {
        ["file"] = file,
        ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()),
        ["dtype"] = dtype,
        ["description"] = what,
    };
}
