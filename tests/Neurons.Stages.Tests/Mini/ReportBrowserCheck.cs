using System.Text.Json;
using Microsoft.Playwright;

namespace Neurons.Stages.Tests.Mini;

/// <summary>
/// Opens a written report in Debian's headless Chromium through Playwright (the system browser's executable,
/// nothing downloaded) and records what a reader would see: sections, broken images, console errors, the
/// gallery's order after sorting, and a screenshot.
/// </summary>
internal sealed class ReportBrowserCheck
{
    public List<string> Errors { get; } = [];

    public List<string> Sections { get; private set; } = [];

    public int Images { get; private set; }

    public List<string> BrokenImages { get; private set; } = [];

    public List<string> SortedDescending { get; private set; } = [];

    public List<string> SortedAscending { get; private set; } = [];

    public byte[] Screenshot { get; private set; } = [];

    public static string ExecutablePath()
    {
        var path = Environment.GetEnvironmentVariable("NEURONS_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} does not exist: run scripts/ensure-chromium.sh (./test does) or set NEURONS_CHROMIUM");
    }

    public static async Task<ReportBrowserCheck> RunAsync(string indexHtml, string sortKey)
    {
        var check = new ReportBrowserCheck();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath(), Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                check.Errors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => check.Errors.Add(e);
        page.RequestFailed += (_, r) => check.Errors.Add($"request failed: {r.Url}");
        await page.GotoAsync(new Uri(indexHtml).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
        check.Screenshot = await page.ScreenshotAsync();
        check.Sections = [.. await page.EvaluateAsync<string[]>("[...document.querySelectorAll('section')].map(s => s.id)")];

        // Lazy gallery images load when made eager; then every image must have decoded to a non-empty bitmap.
        const string loadAll = """
            async () => {
              const images = [...document.images];
              await Promise.all(images.map(i => { i.loading = 'eager'; return i.complete ? null : new Promise(r => { i.onload = r; i.onerror = r; }); }));
              return JSON.stringify({ total: images.length, broken: images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src')) });
            }
            """;
        using (var images = JsonDocument.Parse(await page.EvaluateAsync<string>(loadAll)))
        {
            check.Images = images.RootElement.GetProperty("total").GetInt32();
            check.BrokenImages = [.. images.RootElement.GetProperty("broken").EnumerateArray().Select(e => e.GetString()!)];
        }

        await page.SelectOptionAsync("#gallery-sort", sortKey);
        await page.SelectOptionAsync("#gallery-order", "desc");
        check.SortedDescending = [.. await page.EvaluateAsync<string[]>("[...document.querySelectorAll('#gallery-list .card')].map(c => c.dataset.clip)")];
        await page.SelectOptionAsync("#gallery-order", "asc");
        check.SortedAscending = [.. await page.EvaluateAsync<string[]>("[...document.querySelectorAll('#gallery-list .card')].map(c => c.dataset.clip)")];
        return check;
    }
}
