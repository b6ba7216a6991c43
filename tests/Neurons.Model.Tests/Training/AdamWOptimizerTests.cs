using System.Globalization;
using System.Text.Json;
using Neurons.Model.Tests.Fixtures;
using Neurons.Model.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Training;

public sealed class AdamWOptimizerTests
{
    [Fact]
    public void Step_MatchesTorchAdamWOverSeveralSteps()
    {
        // Given two identical linear layers, one under TorchSharp's AdamW, one under ours (wd 0.01)
        manual_seed(3);
        using var a = nn.Linear(5, 3);
        using var b = nn.Linear(5, 3);
        b.load_state_dict(a.state_dict());
        var reference = torch.optim.AdamW(a.parameters(), lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01);
        using var ours = new AdamWOptimizer(b.named_parameters().Select(p => (p.name, p.parameter)), weightDecay: 0.01);
        using var x = randn(8, 5, generator: new Generator(1));

        // When both take four steps on the same loss
        for (var i = 0; i < 4; i++)
        {
            reference.zero_grad();
            using (var la = a.call(x).pow(2).mean())
            {
                la.backward();
            }

            reference.step();
            ours.ZeroGrad();
            using (var lb = b.call(x).pow(2).mean())
            {
                lb.backward();
            }

            ours.Step(0.01, 0.9);
        }

        // Then the weights agree to float precision and the step count is 4
        foreach (var ((_, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
        {
            Assert.True(pa.allclose(pb, rtol: 1e-5, atol: 1e-7));
        }

        Assert.Equal(4, ours.StepCount);
    }

    [Fact]
    public void Constructor_SkipsFrozenParameters()
    {
        // Given a layer whose bias is frozen
        using var layer = nn.Linear(2, 2);
        layer.bias!.requires_grad = false;

        // When an optimiser is built over its parameters
        using var opt = new AdamWOptimizer(layer.named_parameters().Select(p => (p.name, p.parameter)));

        // Then only the weight is optimised
        Assert.Equal(["weight"], opt.ParameterNames);
    }

    // Shapes: an odd-sized matrix (a SIMD tail), a vector longer than one fused chunk (several chunks), a tiny bias.
    private static readonly long[][] OracleShapes = [[37, 53], [300_001], [5]];

    // A OneCycle-like schedule: lr and β1 change every step, as the trainers set them.
    private static readonly (double Lr, double Beta1)[] OracleSteps = [(1e-3, 0.95), (4e-3, 0.93), (1e-2, 0.9), (7e-3, 0.87), (2e-3, 0.85), (5e-4, 0.9)];

    [Theory]
    [InlineData(ScalarType.Float32, 2e-6, 1e-8)]
    [InlineData(ScalarType.Float64, 1e-13, 1e-16)]
    public void Step_FusedPath_MatchesTorchAdamWFromPython(ScalarType dtype, double rtol, double atol)
    {
        // Given parameters and six steps of gradients, written for Debian's PyTorch to run torch.optim.AdamW on
        var folder = Directory.CreateTempSubdirectory("neurons-adamw-");
        try
        {
            using var scope = NewDisposeScope();
            using var gen = new Generator(17);
            var parameters = OracleShapes.Select(s => new Parameter(randn(s, dtype: dtype, generator: gen))).ToList();
            var grads = OracleSteps.Select(_ => OracleShapes.Select(s => randn(s, dtype: dtype, generator: gen).mul_(0.1)).ToList()).ToList();
            for (var i = 0; i < parameters.Count; i++)
            {
                File.WriteAllBytes(Path.Combine(folder.FullName, $"p{i}.bin"), parameters[i].bytes.ToArray());
                for (var s = 0; s < grads.Count; s++)
                {
                    File.WriteAllBytes(Path.Combine(folder.FullName, $"g{s}_{i}.bin"), grads[s][i].bytes.ToArray());
                }
            }

            File.WriteAllText(Path.Combine(folder.FullName, "spec.json"), JsonSerializer.Serialize(new
            {
                dtype = dtype == ScalarType.Float32 ? "float32" : "float64",
                shapes = OracleShapes,
                steps = OracleSteps.Select(s => new { lr = s.Lr, beta1 = s.Beta1 }),
                beta2 = 0.999,
                eps = 1e-8,
                weight_decay = 0.01,
            }));

            // When our optimiser (fused path) takes the same steps
            using var ours = new AdamWOptimizer(parameters.Select((p, i) => (i.ToString(CultureInfo.InvariantCulture), p)), weightDecay: 0.01);
            Assert.True(ours.Fused);
            for (var s = 0; s < OracleSteps.Length; s++)
            {
                for (var i = 0; i < parameters.Count; i++)
                {
                    parameters[i].grad = grads[s][i].clone();
                }

                ours.Step(OracleSteps[s].Lr, OracleSteps[s].Beta1);
            }

            PythonTorch.Run(Path.Combine(AppContext.BaseDirectory, "Training", "adamw_oracle.py"), folder.FullName);

            // Then parameters and both moments equal torch's to the dtype's rounding
            var state = ours.StateTensors().ToDictionary(kv => kv.Key, kv => kv.Value);
            for (var i = 0; i < parameters.Count; i++)
            {
                var key = i.ToString(CultureInfo.InvariantCulture);
                AssertClose(Read(folder.FullName, $"out_p{i}.bin", OracleShapes[i], dtype), parameters[i], rtol, atol, $"param {i}");
                AssertClose(Read(folder.FullName, $"out_m{i}.bin", OracleShapes[i], dtype), state[key + ".exp_avg"], rtol, atol, $"exp_avg {i}");
                AssertClose(Read(folder.FullName, $"out_v{i}.bin", OracleShapes[i], dtype), state[key + ".exp_avg_sq"], rtol, atol, $"exp_avg_sq {i}");
            }

            Assert.Equal(OracleSteps.Length, ours.StepCount);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // Unit-scale gradients: moments that cancel to near zero carry an absolute rounding of ~1 ulp of their inputs (6e-8).
    [Theory]
    [InlineData(ScalarType.Float32, 2e-6, 2e-7)]
    [InlineData(ScalarType.Float64, 1e-13, 1e-15)]
    public void Step_FusedAndElementwisePaths_Agree(ScalarType dtype, double rtol, double atol)
    {
        // Given two copies of the same parameters, one optimiser fused and one on torch's elementwise kernels
        using var scope = NewDisposeScope();
        using var gen = new Generator(5);
        var a = OracleShapes.Select(s => new Parameter(randn(s, dtype: dtype, generator: gen))).ToList();
        var b = a.Select(p => new Parameter(p.detach().clone())).ToList();
        using var fused = new AdamWOptimizer(a.Select((p, i) => (i.ToString(CultureInfo.InvariantCulture), p)), weightDecay: 0.05);
        using var elementwise = new AdamWOptimizer(b.Select((p, i) => (i.ToString(CultureInfo.InvariantCulture), p)), weightDecay: 0.05) { Fused = false };

        // When both take the schedule's steps on the same gradients
        foreach (var (lr, beta1) in OracleSteps)
        {
            for (var i = 0; i < a.Count; i++)
            {
                var g = randn(OracleShapes[i], dtype: dtype, generator: gen);
                a[i].grad = g.clone();
                b[i].grad = g.clone();
            }

            fused.Step(lr, beta1);
            elementwise.Step(lr, beta1);
        }

        // Then they agree to rounding, moments included
        for (var i = 0; i < a.Count; i++)
        {
            AssertClose(b[i], a[i], rtol, atol, $"param {i}");
        }

        foreach (var ((_, mb), (_, ma)) in elementwise.StateTensors().Zip(fused.StateTensors()))
        {
            AssertClose(mb, ma, rtol, atol, "moment");
        }
    }

    [Fact]
    public void Update_TwoThreads_EqualsOneThreadBitForBit()
    {
        // Given the same tensors twice, longer than several chunks
        using var scope = NewDisposeScope();
        using var gen = new Generator(8);
        var one = Enumerable.Range(0, 4).Select(_ => randn(400_003, generator: gen)).ToArray();
        var two = one.Select(t => t.clone()).ToArray();
        var c = new AdamWCoefficients(0.9999, 0.9, 0.1, 0.999, 0.001, 0.05, 1e-8, -0.01);

        // When one copy is updated on one thread and the other on two
        FusedAdamW.Update([(one[0], one[1], one[2], one[3].abs_())], c, threads: 1);
        FusedAdamW.Update([(two[0], two[1], two[2], two[3].abs_())], c, threads: 2);

        // Then every element is identical (chunking does not change the arithmetic)
        for (var i = 0; i < one.Length; i++)
        {
            Assert.True(one[i].eq(two[i]).all().item<bool>());
        }
    }

    [Fact]
    public void Supports_NonContiguousOrHalfOrMismatched_False()
    {
        // Given a contiguous float32 set and variants that the fused path must leave to torch
        using var scope = NewDisposeScope();
        var p = zeros(4, 6);
        Assert.True(FusedAdamW.Supports(p, zeros(4, 6), zeros(4, 6), zeros(4, 6)));

        // Then a transposed gradient, half precision and a mixed dtype are refused
        Assert.False(FusedAdamW.Supports(p, zeros(6, 4).T, zeros(4, 6), zeros(4, 6)));
        Assert.False(FusedAdamW.Supports(zeros(4, 6, dtype: ScalarType.Float16), zeros(4, 6, dtype: ScalarType.Float16), zeros(4, 6, dtype: ScalarType.Float16), zeros(4, 6, dtype: ScalarType.Float16)));
        Assert.False(FusedAdamW.Supports(p, zeros(4, 6, dtype: ScalarType.Float64), zeros(4, 6), zeros(4, 6)));
    }

    [Fact]
    public void Kernel_HandTwoElements_MatchesFormula()
    {
        // Given p = [1, −2], g = [0.5, 0.25], m = [0.1, 0], v = [0.04, 0] and hand-picked coefficients
        double[] p = [1, -2], g = [0.5, 0.25], m = [0.1, 0], v = [0.04, 0];
        var c = new AdamWCoefficients(Decay: 0.99, Beta1: 0.9, OneMinusBeta1: 0.1, Beta2: 0.99, OneMinusBeta2: 0.01, BiasCorrection2Sqrt: 0.5, Eps: 0.001, NegativeStepSize: -0.1);

        // When the scalar path updates them
        FusedAdamW.Kernel<double>(p, g, m, v, c);

        // Then m = 0.9·0.1 + 0.1·0.5 = 0.14, v = 0.99·0.04 + 0.01·0.25 = 0.0421,
        // p = 0.99 − 0.1·0.14/(√0.0421/0.5 + 0.001); second: m = 0.025, v = 0.000625, p = −1.98 − 0.1·0.025/(0.025/0.5 + 0.001)
        Assert.Equal(0.14, m[0], 15);
        Assert.Equal(0.0421, v[0], 15);
        Assert.Equal(0.99 - (0.1 * 0.14 / ((Math.Sqrt(0.0421) / 0.5) + 0.001)), p[0], 14);
        Assert.Equal(0.025, m[1], 15);
        Assert.Equal(0.000625, v[1], 15);
        Assert.Equal(-1.98 - (0.1 * 0.025 / 0.051), p[1], 14);
    }

    private static Tensor Read(string folder, string name, long[] shape, ScalarType dtype)
    {
        var t = zeros(shape, dtype: dtype);
        t.bytes = File.ReadAllBytes(Path.Combine(folder, name));
        return t;
    }

    private static void AssertClose(Tensor expected, Tensor actual, double rtol, double atol, string what)
    {
        using var diff = actual.detach().sub(expected).abs_();
        using var bound = expected.abs().mul_(rtol).add_(atol);
        using var excess = diff.sub(bound).max().to(ScalarType.Float64);
        using var maxDiff = diff.max().to(ScalarType.Float64);
        var worst = excess.item<double>();
        Assert.True(worst <= 0, $"{what}: max |ours − torch| exceeds {rtol:G2}·|torch| + {atol:G2} by {worst:G3} (max abs diff {maxDiff.item<double>():G3})");
    }
}
