using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Neurons.Annotation.Cache;

/// <summary>
/// The reply cache as one SQLite file in WAL mode: several work items and processes of one machine can read
/// and add entries at once, and an entry written before a crash is there after it. Not for a workspace that
/// several machines share over NFS or Lustre (SQLite's WAL index is shared memory); <see cref="ReplyFileStore"/>
/// is. Thread-safe: one connection guarded by a lock.
/// </summary>
internal sealed class SqliteReplyStore : IReplyStore
{
    private readonly SqliteConnection connection;
    private readonly TimeProvider time;
    private readonly Lock gate = new();

    private SqliteReplyStore(string path, SqliteConnection connection, TimeProvider time)
    {
        Path = path;
        this.connection = connection;
        this.time = time;
    }

    /// <summary>Gets the cache file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if needed) a cache file.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a reply cache.</exception>
    public static SqliteReplyStore Open(string path, TimeProvider time)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 60,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=NORMAL;");
            Execute(connection, "PRAGMA busy_timeout=60000;");
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS replies (
                    key TEXT PRIMARY KEY,
                    provider TEXT NOT NULL,
                    model TEXT NOT NULL,
                    prompt_hash TEXT NOT NULL,
                    image_hash TEXT NOT NULL,
                    options TEXT NOT NULL,
                    reply TEXT NOT NULL,
                    created_ms INTEGER NOT NULL,
                    last_used_ms INTEGER NOT NULL,
                    hits INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX IF NOT EXISTS replies_last_used ON replies (last_used_ms);
                CREATE INDEX IF NOT EXISTS replies_model ON replies (provider, model);
                """);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new InvalidDataException($"{path}: not a usable reply cache: {e.Message}", e);
        }

        return new SqliteReplyStore(path, connection, time);
    }

    /// <summary>Looks a key up; on a hit records the use and returns the stored reply.</summary>
    public bool TryGet(string key, [NotNullWhen(true)] out string? reply)
    {
        lock (gate)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE replies SET hits = hits + 1, last_used_ms = $now WHERE key = $key RETURNING reply;";
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$now", NowMs());
            reply = command.ExecuteScalar() as string;
            return reply is not null;
        }
    }

    /// <summary>Stores (or replaces) an entry; durable when this returns.</summary>
    public void Put(CacheEntry entry)
    {
        lock (gate)
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO replies (key, provider, model, prompt_hash, image_hash, options, reply, created_ms, last_used_ms, hits)
                VALUES ($key, $provider, $model, $prompt, $image, $options, $reply, $now, $now, 0)
                ON CONFLICT (key) DO UPDATE SET reply = excluded.reply, last_used_ms = excluded.last_used_ms;
                """;
            command.Parameters.AddWithValue("$key", entry.Key);
            command.Parameters.AddWithValue("$provider", entry.ProviderKind);
            command.Parameters.AddWithValue("$model", entry.Model);
            command.Parameters.AddWithValue("$prompt", entry.PromptHash);
            command.Parameters.AddWithValue("$image", entry.ImageHash);
            command.Parameters.AddWithValue("$options", entry.Options);
            command.Parameters.AddWithValue("$reply", entry.Reply);
            command.Parameters.AddWithValue("$now", NowMs());
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Counts entries, hits and sizes, overall and per provider and model.</summary>
    public CacheStatistics GetStatistics()
    {
        lock (gate)
        {
            var byModel = new List<CacheModelStatistics>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = """
                    SELECT provider, model, COUNT(*), COALESCE(SUM(hits), 0), COALESCE(SUM(LENGTH(CAST(reply AS BLOB))), 0)
                    FROM replies GROUP BY provider, model ORDER BY provider, model;
                    """;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    byModel.Add(new CacheModelStatistics(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
                }
            }

            DateTimeOffset? oldest = null, lastUsed = null;
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT MIN(created_ms), MAX(last_used_ms) FROM replies;";
                using var reader = command.ExecuteReader();
                if (reader.Read() && !reader.IsDBNull(0))
                {
                    oldest = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0));
                    lastUsed = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
                }
            }

            var fileBytes = FileSize(Path) + FileSize(Path + "-wal");
            return new CacheStatistics(
                Path,
                fileBytes,
                byModel.Sum(m => m.Entries),
                byModel.Sum(m => m.Hits),
                oldest,
                lastUsed,
                byModel);
        }
    }

    /// <summary>Returns every stored entry with when it was stored (for moving them into a <see cref="ReplyFileStore"/>).</summary>
    public IReadOnlyList<(CacheEntry Entry, long CreatedMs)> ReadAll()
    {
        lock (gate)
        {
            var all = new List<(CacheEntry, long)>();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT key, provider, model, prompt_hash, image_hash, options, reply, created_ms FROM replies ORDER BY key;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                all.Add((new CacheEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)), reader.GetInt64(7)));
            }

            return all;
        }
    }

    /// <summary>Removes the entries matching <paramref name="filter"/>, compacts the file, and returns how many were removed.</summary>
    public int Prune(CachePruneFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (gate)
        {
            int removed;
            using (var command = connection.CreateCommand())
            {
                var conditions = new List<string> { "1 = 1" };
                if (filter.UnusedSince is { } since)
                {
                    conditions.Add("last_used_ms < $since");
                    command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
                }

                if (filter.Model is { } model)
                {
                    conditions.Add("model = $model");
                    command.Parameters.AddWithValue("$model", model);
                }

                command.CommandText = $"DELETE FROM replies WHERE {string.Join(" AND ", conditions)};";
                removed = command.ExecuteNonQuery();
            }

            if (removed > 0)
            {
                Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
                Execute(connection, "VACUUM;");
            }

            return removed;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => connection.Dispose();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long FileSize(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private long NowMs() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
