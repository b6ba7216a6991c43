using System.Diagnostics.CodeAnalysis;

// Test projects build without XML documentation (tests/Directory.Build.props), which StyleCop reports
// as SA0001 for the whole compilation; sibling test projects silence it with NoWarn in their csproj.
[assembly: SuppressMessage("StyleCop.CSharp.SpecialRules", "SA0001:XmlCommentAnalysisDisabled", Justification = "Test project: no XML documentation.")]
