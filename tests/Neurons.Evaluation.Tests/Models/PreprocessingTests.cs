using Neurons.Evaluation.Models;

namespace Neurons.Evaluation.Tests.Models;

public class PreprocessingTests
{
    [Fact]
    public void VideoMae_On224Frames_NormalisesChannelFirstPerFrame()
    {
        // Given six 224² frames, frame t filled with red = 10t, green 128, blue 255
        var frames = Enumerable.Range(0, 6).Select(t =>
        {
            var px = new byte[224 * 224 * 3];
            for (var i = 0; i < 224 * 224; i++)
            {
                (px[3 * i], px[(3 * i) + 1], px[(3 * i) + 2]) = ((byte)(10 * t), 128, 255);
            }

            return new RgbFrame(224, 224, px);
        }).ToList();
        var dst = new float[6 * 3 * 224 * 224];

        // When preprocessed for VideoMAE (resize and crop are no-ops at 224²)
        Preprocessing.VideoMae(frames, dst);

        // Then [T, C, H, W] holds (x/255 − ImageNet mean)/std
        var plane = 224 * 224;
        Assert.Equal(((50 / 255f) - 0.485f) / 0.229f, dst[(5 * 3 * plane) + 17], 5);
        Assert.Equal(((128 / 255f) - 0.456f) / 0.224f, dst[(2 * 3 * plane) + plane + 100], 5);
        Assert.Equal(((255 / 255f) - 0.406f) / 0.225f, dst[(2 * plane) + 5], 5);
    }

    [Fact]
    public void Vit_And_Clip_UseTheirOwnMeanStd()
    {
        // Given a uniform gray 224² frame
        var frame = new RgbFrame(224, 224, Enumerable.Repeat((byte)51, 224 * 224 * 3).ToArray());
        var vit = new float[3 * 224 * 224];
        var clip = new float[3 * 224 * 224];

        // When preprocessed for ViT and CLIP
        Preprocessing.Vit(frame, vit);
        Preprocessing.Clip(frame, clip);

        // Then ViT uses mean/std 0.5 and CLIP the OpenAI constants
        Assert.Equal((0.2f - 0.5f) / 0.5f, vit[0], 5);
        Assert.Equal((0.2f - 0.4578275f) / 0.26130258f, clip[(224 * 224) + 3], 5);
    }
}
