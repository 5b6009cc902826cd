package com.tradingml.storage.tables;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradingml.core.ingest.BarRowSink;
import com.tradingml.core.ingest.BarValidator;
import com.tradingml.core.ingest.CsvBarReader;
import com.tradingml.core.ingest.InvalidInputException;
import com.tradingml.core.market.RejectReason;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.parquet.InternalWriter;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests bar files into a dataset's bars table, quarantining every rejected row with its reason
 * (DESIGN.md "Input format for bars", RELIABILITY.md B3, B4, D1).
 *
 * <p>One run = at most one new bars snapshot, committed atomically after every row was read, so a crash
 * at any point leaves the previous snapshot as the visible state (its orphaned files are named after
 * the run and overwritten by the re-run). Before committing: a quarantine ratio above the limit fails
 * the run with nothing committed. Idempotent: an input file whose content digest a previous snapshot
 * already recorded is skipped, and rows repeating stored bars are {@code DUPLICATE_TIMESTAMP}. The
 * quarantine commit replaces the rows of the same source digests, so a re-run after a crash between the
 * two commits does not duplicate quarantine rows. Concurrent ingests into one table both commit; if
 * they add bars of the same symbols in overlapping time ranges, the later commit fails validation and
 * the run is redone against the new state (so no duplicate bars), up to {@value #MAX_ATTEMPTS} times.
 *
 * <p>Streams: the parser and the Parquet writer run on two threads over a bounded batch pool; memory is
 * per-symbol state plus one row-group buffer per open symbol, independent of the input size.
 */
public final class BarIngestion {

  private static final Logger LOG = LoggerFactory.getLogger(BarIngestion.class);
  private static final int MAX_ATTEMPTS = 5;
  static final String SUMMARY_INPUT_DIGESTS = "pipeline.input-sha256";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Progress of a run, for progress bars: bytes of input consumed so far out of the total. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, total) -> {};

    void update(long bytesDone, long bytesTotal);
  }

  private final Warehouse warehouse;

  public BarIngestion(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  public IngestReport ingest(IngestRequest request) {
    return ingest(request, Progress.NONE);
  }

  public IngestReport ingest(IngestRequest request, Progress progress) {
    long started = System.nanoTime();
    List<Path> files = expandInputs(request.inputs());
    Table bars = warehouse.barsTable(request.dataset());
    Table quarantine = warehouse.quarantineTable(request.dataset());
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(request, files, bars, quarantine, progress, started);
      } catch (ValidationException | CommitFailedException conflict) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new IllegalStateException("ingest into " + bars.name() + " kept conflicting with concurrent commits after "
              + attempt + " attempts", conflict);
        }
        LOG.warn("ingest into {} conflicted with a concurrent commit ({}); redoing it against the new state",
            bars.name(), conflict.getMessage());
      }
    }
  }

  private IngestReport attempt(IngestRequest request, List<Path> files, Table bars, Table quarantine,
      Progress progress, long started) {
    bars.refresh();
    quarantine.refresh();
    Snapshot base = bars.currentSnapshot();
    Set<String> alreadyIngested = ingestedDigests(bars);

    List<Path> toRead = new ArrayList<>();
    List<String> digests = new ArrayList<>();
    List<IngestReport.InputFileInfo> skipped = new ArrayList<>();
    Set<String> seenThisRun = new LinkedHashSet<>();
    long totalBytes = 0;
    for (Path file : files) {
      String digest = sha256(file);
      long size = size(file);
      if (alreadyIngested.contains(digest) || !seenThisRun.add(digest)) {
        skipped.add(new IngestReport.InputFileInfo(file.toString(), digest, size, 0, 0, 0));
        continue;
      }
      toRead.add(file);
      digests.add(digest);
      totalBytes += size;
    }
    if (toRead.isEmpty()) {
      return new IngestReport(request.dataset(), request.runId(), 0, 0, 0, Map.of(), List.of(), skipped,
          base == null ? null : base.snapshotId(), null, false, (System.nanoTime() - started) / 1e9);
    }
    String runId = request.runId() != null ? request.runId() : derivedRunId(digests);
    long digested = System.nanoTime();
    LOG.debug("{}: digests of {} files in {} ms", runId, files.size(), (digested - started) / 1_000_000);

    BarValidator validator = new BarValidator(request.limits(),
        base == null ? com.tradingml.core.ingest.PriorBars.NONE : new StoredBars(BarsScan.atSnapshot(bars, base.snapshotId())));
    BarFilesWriter barFiles = new BarFilesWriter(bars, runId);
    List<DataFile> quarantineFiles = new ArrayList<>();
    List<IngestReport.InputFileInfo> ingested = new ArrayList<>();
    EnumMap<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    Map<String, long[]> timeRanges = new HashMap<>();
    long[] bytesBefore = {0};
    long bytesTotal = totalBytes;
    try (BarWritePipeline pipeline = new BarWritePipeline(barFiles, "bar-writer-" + runId)) {
      List<DataFile> barDataFiles;
      try {
        for (int i = 0; i < toRead.size(); i++) {
          Path file = toRead.get(i);
          FileOutcome outcome = readFile(file, digests.get(i), runId, i, validator, pipeline, quarantine, timeRanges,
              byReason, bytes -> progress.update(bytesBefore[0] + bytes, bytesTotal));
          bytesBefore[0] += size(file);
          ingested.add(outcome.info);
          if (outcome.quarantineFile != null) {
            quarantineFiles.add(outcome.quarantineFile);
          }
        }
        long parsed = System.nanoTime();
        barDataFiles = pipeline.finish();
        LOG.debug("{}: read {} in {} ms, then {} ms to finish writing {} data files", runId, toRead,
            (parsed - digested) / 1_000_000, (System.nanoTime() - parsed) / 1_000_000, barDataFiles.size());
      } catch (RuntimeException e) {
        pipeline.close(); // stop the writer thread before deleting what it wrote
        abandon(barFiles, quarantine, quarantineFiles);
        throw e;
      }
      long read = ingested.stream().mapToLong(IngestReport.InputFileInfo::rowsRead).sum();
      long kept = ingested.stream().mapToLong(IngestReport.InputFileInfo::rowsKept).sum();
      long rejected = read - kept;
      IngestReport uncommitted = new IngestReport(request.dataset(), runId, read, kept, rejected, byReason, ingested,
          skipped, base == null ? null : base.snapshotId(), null, false, (System.nanoTime() - started) / 1e9);
      if (uncommitted.quarantineRatio() > request.maxQuarantineRatio()) {
        abandon(barFiles, quarantine, quarantineFiles);
        throw new QuarantineRatioExceededException(uncommitted, request.maxQuarantineRatio());
      }
      long committing = System.nanoTime();
      Long quarantineSnapshot = commitQuarantine(quarantine, quarantineFiles, digests, runId, request);
      Map<String, String> summary = lineage(request, runId, ingested, read, kept, rejected, digests, quarantineSnapshot);
      try {
        commitBars(bars, base, barDataFiles, timeRanges, summary);
      } catch (CommitStateUnknownException unknown) {
        // The commit may have happened: deleting the files could break the table. Leave them; a re-run
        // skips the inputs if the commit went through, or writes the same file names again if not.
        throw unknown;
      } catch (RuntimeException e) {
        barFiles.deleteWrittenFiles();
        throw e;
      }
      LOG.debug("{}: committed in {} ms", runId, (System.nanoTime() - committing) / 1_000_000);
      bars.refresh();
      return new IngestReport(request.dataset(), runId, read, kept, rejected, byReason, ingested, skipped,
          bars.currentSnapshot().snapshotId(), quarantineSnapshot, true, (System.nanoTime() - started) / 1e9);
    }
  }

  private record FileOutcome(IngestReport.InputFileInfo info, DataFile quarantineFile) {}

  private FileOutcome readFile(Path file, String digest, String runId, int fileIndex, BarValidator validator,
      BarWritePipeline pipeline, Table quarantine, Map<String, long[]> timeRanges,
      EnumMap<RejectReason, Long> byReason, java.util.function.LongConsumer progress) {
    QuarantineFileWriter rejects = new QuarantineFileWriter(quarantine, runId, fileIndex, file.toString(), digest);
    long[] counts = new long[2]; // kept, quarantined
    BarRowSink sink = new BarRowSink() {
      @Override
      public void accept(String symbol, long epochMicros, double open, double high, double low, double close,
          double volume) {
        counts[0]++;
        long[] range = timeRanges.computeIfAbsent(symbol, s -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
        if (epochMicros < range[0]) {
          range[0] = epochMicros;
        }
        if (epochMicros > range[1]) {
          range[1] = epochMicros;
        }
        pipeline.add(symbol, epochMicros, open, high, low, close, volume);
      }

      @Override
      public void reject(long lineNumber, RejectReason reason, String detail, String rawText) {
        counts[1]++;
        byReason.merge(reason, 1L, Long::sum);
        rejects.write(lineNumber, reason, detail, rawText);
      }
    };
    try {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".parquet")) {
        ParquetBarReader.read(file, validator, sink);
        progress.accept(size(file));
      } else {
        try (InputStream in = open(file, progress)) {
          new CsvBarReader(file.toString(), validator).read(in, sink);
        }
      }
    } catch (IOException e) {
      rejects.abandon();
      throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      rejects.abandon();
      throw e;
    }
    DataFile quarantineFile = rejects.finish();
    return new FileOutcome(new IngestReport.InputFileInfo(file.toString(), digest, size(file), counts[0] + counts[1],
        counts[0], counts[1]), quarantineFile);
  }

  private static InputStream open(Path file, java.util.function.LongConsumer progress) throws IOException {
    InputStream raw = new CountingInputStream(Files.newInputStream(file), progress);
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
      return new GZIPInputStream(raw, 1 << 16);
    }
    return raw;
  }

  private static Long commitQuarantine(Table quarantine, List<DataFile> files, List<String> digests, String runId,
      IngestRequest request) {
    if (files.isEmpty()) {
      return null;
    }
    // Replace rows of the same source files left by an earlier run that crashed before its bars commit.
    OverwriteFiles overwrite = quarantine.newOverwrite()
        .overwriteByRowFilter(Expressions.in("source_sha256", digests.toArray()));
    files.forEach(overwrite::addFile);
    overwrite.set("pipeline.job", "ingest");
    overwrite.set("pipeline.run-id", runId);
    overwrite.set("pipeline.code-version", request.codeVersion());
    overwrite.set(SUMMARY_INPUT_DIGESTS, String.join(",", digests));
    overwrite.commit();
    quarantine.refresh();
    return quarantine.currentSnapshot().snapshotId();
  }

  private static void commitBars(Table bars, Snapshot base, List<DataFile> files, Map<String, long[]> timeRanges,
      Map<String, String> summary) {
    OverwriteFiles append = bars.newOverwrite();
    files.forEach(append::addFile);
    if (base != null) {
      append.validateFromSnapshot(base.snapshotId());
    }
    append.conflictDetectionFilter(conflictFilter(timeRanges)).validateNoConflictingData();
    summary.forEach(append::set);
    append.commit();
  }

  /** Bars a concurrent commit must not have added meanwhile: the same symbols in the same time ranges. */
  private static Expression conflictFilter(Map<String, long[]> timeRanges) {
    Expression filter = Expressions.alwaysFalse();
    for (Map.Entry<String, long[]> e : timeRanges.entrySet()) {
      filter = Expressions.or(filter, Expressions.and(Expressions.equal("symbol", e.getKey()),
          Expressions.and(Expressions.greaterThanOrEqual("timestamp", e.getValue()[0]),
              Expressions.lessThanOrEqual("timestamp", e.getValue()[1]))));
    }
    return filter;
  }

  private static Map<String, String> lineage(IngestRequest request, String runId,
      List<IngestReport.InputFileInfo> ingested, long read, long kept, long rejected, List<String> digests,
      Long quarantineSnapshot) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put("pipeline.job", "ingest");
    summary.put("pipeline.run-id", runId);
    summary.put("pipeline.code-version", request.codeVersion());
    summary.put(SUMMARY_INPUT_DIGESTS, String.join(",", digests));
    try {
      List<Map<String, Object>> inputs = new ArrayList<>();
      for (IngestReport.InputFileInfo f : ingested) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", f.path());
        m.put("sha256", f.sha256());
        m.put("bytes", f.bytes());
        m.put("rows", f.rowsRead());
        inputs.add(m);
      }
      summary.put("pipeline.inputs", JSON.writeValueAsString(inputs));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    summary.put("pipeline.rows-read", Long.toString(read));
    summary.put("pipeline.rows-kept", Long.toString(kept));
    summary.put("pipeline.rows-quarantined", Long.toString(rejected));
    if (quarantineSnapshot != null) {
      summary.put("pipeline.quarantine-snapshot-id", Long.toString(quarantineSnapshot));
    }
    return summary;
  }

  private static void abandon(BarFilesWriter barFiles, Table quarantine, List<DataFile> quarantineFiles) {
    barFiles.close();
    barFiles.deleteWrittenFiles();
    for (DataFile f : quarantineFiles) {
      quarantine.io().deleteFile(f.location());
    }
  }

  /** Content digests recorded by every snapshot in the table's current history. */
  static Set<String> ingestedDigests(Table bars) {
    Set<String> digests = new java.util.HashSet<>();
    Snapshot current = bars.currentSnapshot();
    if (current == null) {
      return digests;
    }
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), bars::snapshot)) {
      String recorded = s.summary().get(SUMMARY_INPUT_DIGESTS);
      if (recorded != null && !recorded.isEmpty()) {
        digests.addAll(List.of(recorded.split(",")));
      }
    }
    return digests;
  }

  static List<Path> expandInputs(List<Path> inputs) {
    List<Path> files = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        try (Stream<Path> walk = Files.walk(input)) {
          walk.filter(Files::isRegularFile).filter(BarIngestion::isBarFile).sorted().forEach(files::add);
        } catch (IOException e) {
          throw new InvalidInputException("cannot list " + input + ": " + e.getMessage(), e);
        }
      } else if (Files.isRegularFile(input)) {
        files.add(input);
      } else {
        throw new InvalidInputException("input " + input + " does not exist or is not a file or directory");
      }
    }
    if (files.isEmpty()) {
      throw new InvalidInputException("no .csv, .csv.gz or .parquet files in " + inputs);
    }
    return files;
  }

  private static boolean isBarFile(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".csv") || name.endsWith(".csv.gz") || name.endsWith(".parquet");
  }

  static String sha256(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 20];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String derivedRunId(List<String> digests) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String d : digests) {
        digest.update(d.getBytes(StandardCharsets.US_ASCII));
      }
      return "ingest-" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reports bytes read every 4 MiB. */
  private static final class CountingInputStream extends FilterInputStream {
    private final java.util.function.LongConsumer progress;
    private long count;
    private long reported;

    CountingInputStream(InputStream in, java.util.function.LongConsumer progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
        if (count - reported >= (4 << 20)) {
          reported = count;
          progress.accept(count);
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      progress.accept(count);
      super.close();
    }
  }

  /** The quarantine rows of one input file, in one data file (so a re-run can replace them whole). */
  private static final class QuarantineFileWriter {
    private final Table table;
    private final String location;
    private final QuarantineRow row = new QuarantineRow();
    private DataWriter<QuarantineRow> writer;

    QuarantineFileWriter(Table table, String runId, int fileIndex, String sourceFile, String digest) {
      this.table = table;
      this.location = table.locationProvider().newDataLocation(String.format("%s-%s-%05d-%s.parquet", runId,
          java.util.UUID.randomUUID().toString().substring(0, 8), fileIndex, digest.substring(0, 12)));
      row.runId = runId;
      row.sourceFile = sourceFile;
      row.sourceSha256 = digest;
    }

    void write(long lineNumber, RejectReason reason, String detail, String rawText) {
      if (writer == null) {
        try {
          writer = Parquet.writeData(table.io().newOutputFile(location))
              .forTable(table)
              .withSpec(table.spec())
              .createWriterFunc(InternalWriter::createWriter)
              .overwrite()
              .build();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot open quarantine file " + location, e);
        }
      }
      row.lineNumber = lineNumber;
      row.reason = reason.name();
      row.detail = detail == null ? "" : detail;
      row.rawText = rawText;
      writer.write(row);
    }

    DataFile finish() {
      if (writer == null) {
        return null;
      }
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close quarantine file " + location, e);
      }
      return writer.toDataFile();
    }

    void abandon() {
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException | RuntimeException e) {
          // abandoning: deleted below either way
        }
        table.io().deleteFile(location);
      }
    }
  }
}
