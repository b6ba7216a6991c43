using System.CommandLine;
using System.Globalization;
using Neurons.Cli.Hosting;
using Neurons.Data.Export;
using Neurons.Data.Fmri;
using Neurons.Data.Tables;
using Neurons.Engine.Workspace;
using Spectre.Console;

namespace Neurons.Cli.Commands;

/// <summary>
/// <c>pipeline fmri-lag</c>: cross-correlates each clip's frame-to-frame change with the masked vertices
/// (repeats averaged) at lags −k…+k TRs over all committed segments and reports the best lag per subject.
/// </summary>
internal static class FmriLagCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var maxLag = new Option<int>("--max-lag") { Description = "Largest lag in TRs to try, each way.", DefaultValueFactory = _ => 3 };
        var command = new Command("fmri-lag", "Report which hemodynamic lag (in TRs) best aligns the clips' frame change with the fmri rows, per subject, to choose stages.fmri.lag_trs.");
        common.AddTo(command);
        command.Options.Add(maxLag);
        command.SetAction((parse, cancellationToken) => CommandErrors.GuardAsync(async () =>
        {
            var config = SessionLoader.LoadConfig(parse.GetValue(common.Config)!, parse.GetValue(common.Profile));
            var store = new ShardStore(config.Workspace);
            var clips = ExportCommand.CommittedShards(store, "clips").ToDictionary(s => s.Name, StringComparer.Ordinal);
            var fmri = ExportCommand.CommittedShards(store, "fmri").Where(s => clips.ContainsKey(s.Name)).ToList();
            if (fmri.Count == 0)
            {
                Console.Error.WriteLine($"error: no committed fmri shards with their clips under {config.Workspace}; run `pipeline run` first");
                return ExitCodes.StageFailed;
            }

            var currentLag = fmri[^1].Metadata["lag_trs"]?.GetValue<int>() ?? 0;
            var perSubject = await LagSegments.ReadAsync(fmri.Select(f => (clips[f.Name].Path, f.Path)), cancellationToken).ConfigureAwait(false);
            foreach (var (subject, segments) in perSubject)
            {
                var scores = LagAnalysis.Score(segments, parse.GetValue(maxLag));
                var best = LagAnalysis.Best(scores, currentLag);
                var table = new Table().Title($"subject {subject}: {segments.Count} segments, rows at lag_trs {currentLag}").AddColumns("lag (TRs)", "mean r²", "± s.e.", "mean r", "pairs", "lag_trs");
                foreach (var s in scores)
                {
                    var mark = s.Lag == best ? "[bold green]" : "[white]";
                    var absolute = currentLag + s.Lag;
                    table.AddRow(
                        $"{mark}{s.Lag:+0;-0;0}[/]",
                        s.MeanR2.ToString("F4", CultureInfo.InvariantCulture),
                        double.IsNaN(s.StdErrR2) ? "-" : s.StdErrR2.ToString("F4", CultureInfo.InvariantCulture),
                        s.MeanR.ToString("F4", CultureInfo.InvariantCulture),
                        s.Pairs.ToString(CultureInfo.InvariantCulture),
                        absolute is >= VolumeWindow.MinLag and <= VolumeWindow.MaxLag ? absolute.ToString(CultureInfo.InvariantCulture) : $"{absolute} (not allowed)");
                }

                AnsiConsole.Write(table);
                var current = scores.Single(s => s.Lag == 0);
                var chosen = scores.Single(s => s.Lag == best);
                var clear = double.IsNaN(chosen.StdErrR2) || chosen.MeanR2 - current.MeanR2 > 2 * Math.Max(chosen.StdErrR2, current.StdErrR2);
                AnsiConsole.MarkupLine(best == 0
                    ? $"subject {subject}: the current pairing (lag_trs {currentLag}) scores best among the allowed lags ({VolumeWindow.MinLag}..{VolumeWindow.MaxLag})."
                    : clear
                        ? $"subject {subject}: best at {best:+0;-0} TRs from the current pairing: consider stages.fmri.lag_trs: {currentLag + best}."
                        : $"subject {subject}: {best:+0;-0} TRs scores higher, but by less than 2 standard errors: keep lag_trs {currentLag} unless more segments confirm it.");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
