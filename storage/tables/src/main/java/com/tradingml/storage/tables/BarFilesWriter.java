package com.tradingml.storage.tables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Writes bar rows into Parquet data files of a bars table: one file at a time per symbol (the table is
 * partitioned by symbol), each file holding that symbol's rows in input order, rolling to a new file
 * (part) every {@link Limits#rowsPerFile()} rows. Nothing is visible to readers until the caller
 * commits {@link #finish()}'s files.
 *
 * <p>Columnar: rows are buffered per symbol in primitive column arrays; a full buffer (a chunk of up
 * to {@link Limits#chunkRows()} rows) becomes one Parquet row group, encoded page by page in bulk by
 * {@link BarRowGroupEncoder} and appended to the symbol's current file. This replaces one parquet-mr
 * column-writer call chain per value (~1.3 µs per row) with array loops. Rows arrive row by row through
 * a small per-symbol staging area ({@value #STAGING_ROWS} rows) that moves to the arrays in bulk.
 *
 * <p>Memory is bounded, independent of the number of rows. The column arrays of all symbols together
 * hold at most {@link Limits#bufferRows()} rows (48 bytes each: a timestamp and five doubles), except
 * that every symbol with buffered rows holds at least {@value #INITIAL_ROWS}. A symbol's arrays start
 * at {@value #INITIAL_ROWS} rows and double up to the chunk size while the budget allows; when it does
 * not, the symbol flushes a smaller row group, or takes the room of the symbol with the largest arrays
 * if those are larger than what it asks for (that symbol's rows become a row group early, in its same
 * file). An open file keeps its row groups' metadata (~6 KiB each: statistics, column and offset
 * indexes) until its footer is written, and a stream buffer: at most {@link Limits#maxOpenFiles()}
 * files and {@link Limits#maxOpenRowGroups()} row groups are open at once, beyond which the file with
 * the most row groups is completed early (and the symbol continues in a new part). So:
 *
 * <pre>
 *   column arrays   <= max(min(bufferRows, symbols x chunkRows), symbols x 128) x 48 bytes
 *   per symbol      ~ 3.5 KiB besides its arrays (staging area of 64 rows, map entry, partition key)
 *   open files      <= maxOpenFiles x ~64 KiB (stream buffer) + maxOpenRowGroups x ~6 KiB (footer metadata)
 *                      + up to {@value #CLOSING_THREADS} x 2 files being completed
 *   encoder         one page buffer (8 bytes x page rows: 160 KiB by default) + compressor buffers
 * </pre>
 *
 * With the defaults at -Xmx512m that is at most ~128 + 32 + 32 MiB, plus ~10 KiB per symbol once the
 * symbols outnumber the budget (bufferRows / 128, ~22,000 symbols). With many symbols and a small
 * budget, row groups (about bufferRows / symbols rows) and files get smaller, not memory larger. Files
 * are opened at their first row group, so a symbol with fewer rows than its buffer opens no file until
 * {@link #finish()}.
 *
 * <p>Files are completed (footer, upload) on up to {@value #CLOSING_THREADS} background threads
 * ({@link DataFileCloser}), so the writer thread does not wait on storage. File names are
 * {@code <runId>-<attempt nonce>-<symbol ordinal>-<part>.parquet}: a run's files are recognisable, and
 * concurrent attempts never collide. Not thread-safe: one writer thread.
 */
final class BarFilesWriter implements AutoCloseable {

  static final long ROWS_PER_FILE = 5_000_000L;
  /**
   * The largest row group, in rows (1.5 MiB of raw values). Measured (10M rows of 100 symbols, writer
   * thread CPU): 8K to 64K-row chunks encode at the same speed within noise, larger ones only cost
   * memory; at 32K a column array (256 KiB) also stays below G1's humongous-object size at small heaps.
   */
  static final int CHUNK_ROWS = 32_768;
  static final long MAX_BUFFER_ROWS = 4_000_000L;
  static final int INITIAL_ROWS = 128;
  /**
   * Rows staged per symbol before they move to its column arrays in bulk. Writing each row straight
   * into arrays of up to 64K rows, 6 per symbol, scatters stores over hundreds of cold cache lines and
   * pages (measured: ~120-170 ns per row with 100 symbols); staging keeps the row-by-row stores in
   * 3 KiB per symbol that stay in cache (~35 ns per row).
   */
  static final int STAGING_ROWS = 64;
  static final int BYTES_PER_ROW = Long.BYTES + 5 * Double.BYTES;
  /** Files completed at once: completing waits on storage (fsync, upload), not on CPU. */
  static final int CLOSING_THREADS = 8;
  /** System property overriding the buffered-rows budget (rows across all symbols). */
  static final String BUFFER_ROWS_PROPERTY = "tables.writer.buffer-rows";
  /** System property overriding the chunk (largest row group) size in rows; a power of two. */
  static final String CHUNK_ROWS_PROPERTY = "tables.writer.chunk-rows";

  /**
   * How much the writer buffers and keeps open, and how it splits files. Immutable.
   *
   * @param chunkRows the largest row group, in rows: a power of two, at least {@value #INITIAL_ROWS}
   * @param bufferRows the budget of buffered rows across all symbols
   * @param rowsPerFile rows after which a symbol's file is completed and a new part started
   * @param maxOpenFiles files open (being written) at once
   * @param maxOpenRowGroups row groups in the open files together (their metadata is in memory)
   */
  record Limits(int chunkRows, long bufferRows, long rowsPerFile, int maxOpenFiles, int maxOpenRowGroups) {
    Limits {
      if (chunkRows < INITIAL_ROWS || Integer.bitCount(chunkRows) != 1) {
        throw new IllegalArgumentException(
            "chunkRows must be a power of two >= " + INITIAL_ROWS + ", got " + chunkRows);
      }
      if (bufferRows < 1 || rowsPerFile < 1 || maxOpenFiles < 1 || maxOpenRowGroups < 1) {
        throw new IllegalArgumentException("bufferRows, rowsPerFile, maxOpenFiles and maxOpenRowGroups must be "
            + "positive, got " + bufferRows + ", " + rowsPerFile + ", " + maxOpenFiles + ", " + maxOpenRowGroups);
      }
    }

    /**
     * The defaults, for this JVM's maximum heap: {@value #CHUNK_ROWS}-row chunks, a buffer budget of a
     * quarter of the heap (at most {@value #MAX_BUFFER_ROWS} rows, ~183 MiB), {@value #ROWS_PER_FILE}
     * rows per file, and open files taking at most 1/16 of the heap for stream buffers (at most 1,024
     * files) and 1/16 for row group metadata; the system properties {@value #CHUNK_ROWS_PROPERTY} and
     * {@value #BUFFER_ROWS_PROPERTY} override the first two.
     */
    static Limits defaults() {
      return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    static Builder builder() {
      return new Builder();
    }

    /** Sets some limits, the others keep their defaults; validated by {@link #build()}. */
    static final class Builder {
      private final long heap = Runtime.getRuntime().maxMemory();
      private int chunkRows = Integer.getInteger(CHUNK_ROWS_PROPERTY, CHUNK_ROWS);
      private long bufferRows = Long.getLong(BUFFER_ROWS_PROPERTY,
          Math.max(CHUNK_ROWS, Math.min(MAX_BUFFER_ROWS, heap / 4 / BYTES_PER_ROW)));
      private long rowsPerFile = ROWS_PER_FILE;
      private int maxOpenFiles = (int) Math.max(16, Math.min(1024, heap / 16 / (64 << 10)));
      private int maxOpenRowGroups = (int) Math.max(256, Math.min(65_536, heap / 16 / (6 << 10)));

      Builder chunkRows(int rows) {
        this.chunkRows = rows;
        return this;
      }

      Builder bufferRows(long rows) {
        this.bufferRows = rows;
        return this;
      }

      Builder rowsPerFile(long rows) {
        this.rowsPerFile = rows;
        return this;
      }

      Builder maxOpenFiles(int files) {
        this.maxOpenFiles = files;
        return this;
      }

      Builder maxOpenRowGroups(int rowGroups) {
        this.maxOpenRowGroups = rowGroups;
        return this;
      }

      Limits build() {
        return new Limits(chunkRows, bufferRows, rowsPerFile, maxOpenFiles, maxOpenRowGroups);
      }
    }
  }

  private final Table table;
  private final PartitionSpec spec;
  private final SortOrder sortOrder;
  private final String runId;
  private final Limits limits;
  private final MetricsConfig metricsConfig;
  private final Map<String, String> fileMetadata;
  private final long rowGroupSizeHint;
  private final BarRowGroupEncoder encoder;
  private final DataFileCloser closer;
  private final PartitionKey partitionKey;
  private final BarRow row = new BarRow();
  private final Map<String, SymbolBuffer> buffers = new LinkedHashMap<>();
  /** How many symbols' arrays have capacity {@code 1 << k}, by k: finds a larger victim without a scan. */
  private final int[] buffersByCapacityLog2 = new int[Integer.SIZE];
  /** The symbols with an open file. */
  private final List<SymbolBuffer> open = new ArrayList<>();
  private final List<String> writtenLocations = new ArrayList<>();
  private long allocatedRows;
  private int openRowGroups;
  private SymbolBuffer last;
  private boolean closed;

  /** The rows of one symbol not yet written, and its current file. */
  private static final class SymbolBuffer {
    final String symbol;
    final int ordinal;
    final StructLike partition;
    BarRowGroupEncoder.SymbolDictionary dictionary;
    long[] timestamps;
    double[] opens;
    double[] highs;
    double[] lows;
    double[] closes;
    double[] volumes; // NaN = unknown, written as null
    int capacity;
    int count;
    /** Rows the arrays take before {@link #makeRoom}: min(capacity, rows the current file still takes). */
    int limit;
    BarParquetFile file;
    int part;
    // The newest rows, written row by row here and moved to the arrays above in bulk (see STAGING_ROWS).
    final long[] stagedTimestamps = new long[STAGING_ROWS];
    final double[] stagedOpens = new double[STAGING_ROWS];
    final double[] stagedHighs = new double[STAGING_ROWS];
    final double[] stagedLows = new double[STAGING_ROWS];
    final double[] stagedCloses = new double[STAGING_ROWS];
    final double[] stagedVolumes = new double[STAGING_ROWS];
    int staged;

    SymbolBuffer(String symbol, int ordinal, StructLike partition) {
      this.symbol = symbol;
      this.ordinal = ordinal;
      this.partition = partition;
    }

    long rowsInFile() {
      return file == null ? 0 : file.rows();
    }
  }

  BarFilesWriter(Table table, String runId) {
    this(table, runId, Limits.defaults());
  }

  BarFilesWriter(Table table, String runId, Limits limits) {
    this.table = table;
    // One spec, sort order and schema for the whole run, whatever is committed meanwhile.
    this.spec = requirePartitionedBySymbolAtMost(table);
    this.sortOrder = table.sortOrder();
    // A nonce per attempt: two concurrent attempts of the same run (same inputs) must never write, or
    // on failure delete, each other's files.
    this.runId = runId + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    this.limits = limits;
    this.metricsConfig = MetricsConfig.forTable(table);
    this.fileMetadata = Map.of("iceberg.schema", SchemaParser.toJson(table.schema()));
    this.rowGroupSizeHint = PropertyUtil.propertyAsLong(table.properties(),
        TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES_DEFAULT);
    this.encoder = new BarRowGroupEncoder(table.schema(), table.properties());
    this.closer = new DataFileCloser(CLOSING_THREADS, "bar-files-close-" + this.runId);
    this.partitionKey = new PartitionKey(spec, table.schema());
  }

  /**
   * The table's spec, if every partition field derives from {@code symbol} alone (identity, bucket, truncate)
   * or the table is unpartitioned. This writer fixes a file's partition from its symbol, so a field of any
   * other column (say {@code day(timestamp)}) would be recorded wrong for most rows and time-range reads
   * would then skip them: such a table is refused before anything is written.
   */
  static PartitionSpec requirePartitionedBySymbolAtMost(Table table) {
    PartitionSpec spec = table.spec();
    int symbolId = table.schema().findField("symbol").fieldId();
    for (PartitionField field : spec.fields()) {
      if (field.sourceId() != symbolId && !field.transform().isVoid()) {
        throw new IllegalArgumentException("bars table " + table.name() + " is partitioned by " + spec.fields()
            + ": ingest writes one file per symbol, so it supports partitioning by symbol only (identity, bucket,"
            + " truncate) or none; a field of another column (" + field + ") cannot be filled per file");
      }
    }
    return spec;
  }

  void write(String symbol, long epochMicros, double open, double high, double low, double close, double volume) {
    SymbolBuffer buffer = buffer(symbol);
    int i = buffer.staged;
    if (i == STAGING_ROWS) {
      unstage(buffer);
      i = 0;
    }
    buffer.stagedTimestamps[i] = epochMicros;
    buffer.stagedOpens[i] = open;
    buffer.stagedHighs[i] = high;
    buffer.stagedLows[i] = low;
    buffer.stagedCloses[i] = close;
    buffer.stagedVolumes[i] = volume;
    buffer.staged = i + 1;
  }

  /** Writes rows {@code [from, to)} of columnar batch arrays, each as the single-row {@code write} does. */
  void write(String[] symbols, long[] epochMicros, double[] opens, double[] highs, double[] lows, double[] closes,
      double[] volumes, int from, int to) {
    for (int r = from; r < to; r++) {
      SymbolBuffer buffer = buffer(symbols[r]);
      int i = buffer.staged;
      if (i == STAGING_ROWS) {
        unstage(buffer);
        i = 0;
      }
      buffer.stagedTimestamps[i] = epochMicros[r];
      buffer.stagedOpens[i] = opens[r];
      buffer.stagedHighs[i] = highs[r];
      buffer.stagedLows[i] = lows[r];
      buffer.stagedCloses[i] = closes[r];
      buffer.stagedVolumes[i] = volumes[r];
      buffer.staged = i + 1;
    }
  }

  private SymbolBuffer buffer(String symbol) {
    SymbolBuffer buffer = last;
    if (buffer != null && buffer.symbol == symbol) {
      return buffer;
    }
    buffer = buffers.get(symbol);
    if (buffer == null) {
      if (closed) {
        throw new IllegalStateException("the bar files writer is finished or closed");
      }
      row.set(symbol, 0, 0, 0, 0, 0, Double.NaN);
      partitionKey.partition(row);
      buffer = new SymbolBuffer(symbol, buffers.size(), partitionKey.copy());
      buffers.put(symbol, buffer);
    }
    last = buffer;
    return buffer;
  }

  /** Moves the staged rows to the end of the symbol's column arrays, making room (row groups) as needed. */
  private void unstage(SymbolBuffer buffer) {
    int moved = 0;
    while (moved < buffer.staged) {
      if (buffer.count == buffer.limit) {
        makeRoom(buffer);
      }
      int n = Math.min(buffer.staged - moved, buffer.limit - buffer.count);
      int at = buffer.count;
      System.arraycopy(buffer.stagedTimestamps, moved, buffer.timestamps, at, n);
      System.arraycopy(buffer.stagedOpens, moved, buffer.opens, at, n);
      System.arraycopy(buffer.stagedHighs, moved, buffer.highs, at, n);
      System.arraycopy(buffer.stagedLows, moved, buffer.lows, at, n);
      System.arraycopy(buffer.stagedCloses, moved, buffer.closes, at, n);
      System.arraycopy(buffer.stagedVolumes, moved, buffer.volumes, at, n);
      buffer.count = at + n;
      moved += n;
    }
    buffer.staged = 0;
  }

  /** Called when a symbol's arrays take no more rows: afterwards they take at least one. */
  private void makeRoom(SymbolBuffer buffer) {
    if (closed) {
      throw new IllegalStateException("the bar files writer is finished or closed");
    }
    if (buffer.capacity == 0) {
      reserve(buffer, INITIAL_ROWS); // the floor: allocated even when the budget is spent
      resize(buffer, INITIAL_ROWS);
    } else if (buffer.count == limits.rowsPerFile() - buffer.rowsInFile()) {
      flush(buffer); // completes the file
    } else if (buffer.capacity < limits.chunkRows() && reserve(buffer, buffer.capacity * 2)) {
      resize(buffer, buffer.capacity * 2);
    } else {
      flush(buffer);
    }
    buffer.limit = (int) Math.min(buffer.capacity, limits.rowsPerFile() - buffer.rowsInFile());
  }

  /**
   * Makes room in the budget for {@code buffer} to hold {@code capacity} rows, by flushing and
   * releasing the buffers of other symbols whose arrays are larger than that; false if none are.
   */
  private boolean reserve(SymbolBuffer buffer, int capacity) {
    long extra = capacity - buffer.capacity;
    while (allocatedRows + extra > limits.bufferRows()) {
      SymbolBuffer victim = largestBufferAbove(capacity);
      if (victim == null) {
        return false;
      }
      if (victim.count > 0) {
        flush(victim);
      }
      resize(victim, 0);
    }
    return true;
  }

  private SymbolBuffer largestBufferAbove(int capacity) {
    int log2 = Integer.numberOfTrailingZeros(capacity);
    int top = buffersByCapacityLog2.length - 1;
    while (top > log2 && buffersByCapacityLog2[top] == 0) {
      top--;
    }
    if (top <= log2) {
      return null;
    }
    SymbolBuffer largest = null;
    for (SymbolBuffer candidate : buffers.values()) {
      if (candidate.capacity == 1 << top && (largest == null || candidate.count > largest.count)) {
        largest = candidate;
      }
    }
    return largest;
  }

  /** Sets the arrays' capacity (0 releases them), keeping the rows in them. */
  private void resize(SymbolBuffer buffer, int capacity) {
    if (buffer.capacity > 0) {
      buffersByCapacityLog2[Integer.numberOfTrailingZeros(buffer.capacity)]--;
    }
    allocatedRows += capacity - buffer.capacity;
    if (capacity == 0) {
      buffer.timestamps = null;
      buffer.opens = null;
      buffer.highs = null;
      buffer.lows = null;
      buffer.closes = null;
      buffer.volumes = null;
      buffer.limit = 0;
    } else {
      buffersByCapacityLog2[Integer.numberOfTrailingZeros(capacity)]++;
      buffer.timestamps = buffer.timestamps == null ? new long[capacity] : Arrays.copyOf(buffer.timestamps, capacity);
      buffer.opens = grow(buffer.opens, capacity);
      buffer.highs = grow(buffer.highs, capacity);
      buffer.lows = grow(buffer.lows, capacity);
      buffer.closes = grow(buffer.closes, capacity);
      buffer.volumes = grow(buffer.volumes, capacity);
    }
    buffer.capacity = capacity;
  }

  private static double[] grow(double[] column, int capacity) {
    return column == null ? new double[capacity] : Arrays.copyOf(column, capacity);
  }

  /**
   * Writes the rows in the arrays as one row group of the symbol's current file; completes the file
   * when full, and the largest open files while too many files or row groups are open.
   */
  private void flush(SymbolBuffer buffer) {
    if (buffer.file == null) {
      buffer.file = openFile(buffer);
      open.add(buffer);
    }
    buffer.file.writeRowGroup(buffer.timestamps, buffer.opens, buffer.highs, buffer.lows, buffer.closes,
        buffer.volumes, buffer.count);
    buffer.count = 0;
    openRowGroups++;
    if (buffer.file.rows() >= limits.rowsPerFile()) {
      closeFile(buffer);
    }
    while (open.size() > limits.maxOpenFiles() || openRowGroups > limits.maxOpenRowGroups()) {
      SymbolBuffer largest = open.get(0);
      for (SymbolBuffer candidate : open) {
        if (candidate.file.rowGroups() > largest.file.rowGroups()) {
          largest = candidate;
        }
      }
      closeFile(largest);
      largest.limit = (int) Math.min(largest.capacity, limits.rowsPerFile()); // a new part takes a full file
    }
  }

  private BarParquetFile openFile(SymbolBuffer buffer) {
    String name = String.format("%s-%05d-%03d.parquet", runId, buffer.ordinal, buffer.part++);
    String location = spec.isUnpartitioned()
        ? table.locationProvider().newDataLocation(name) // else "data//name": an empty partition path
        : table.locationProvider().newDataLocation(spec, buffer.partition, name);
    writtenLocations.add(location);
    if (buffer.dictionary == null) {
      buffer.dictionary = encoder.dictionary(buffer.symbol);
    }
    return BarParquetFile.create(table.io().newOutputFile(location), encoder, buffer.dictionary, rowGroupSizeHint);
  }

  /** Hands the symbol's file to the closer, which writes its footer and uploads it. */
  private void closeFile(SymbolBuffer buffer) {
    BarParquetFile file = buffer.file;
    StructLike partition = buffer.partition;
    buffer.file = null; // the closer owns it now: it completes it or, failing, closes it incomplete
    open.remove(buffer);
    openRowGroups -= file.rowGroups();
    try {
      closer.submit(() -> file.finish(spec, partition, sortOrder, metricsConfig, fileMetadata));
    } catch (RuntimeException e) {
      file.abandon(); // not handed over (an earlier close failed, or interrupted): nobody else closes it
      throw e;
    }
  }

  /**
   * Writes every buffered row, completes every file and returns all data files written, ready to
   * commit. Returns, or throws, only once no file is being completed any more.
   */
  List<DataFile> finish() {
    if (closed) {
      throw new IllegalStateException("the bar files writer is already finished or closed");
    }
    try {
      for (SymbolBuffer buffer : buffers.values()) {
        unstage(buffer);
        if (buffer.count > 0) {
          flush(buffer);
        }
        if (buffer.file != null) {
          closeFile(buffer);
        }
        resize(buffer, 0);
      }
    } catch (RuntimeException e) {
      closer.awaitQuietly(); // close() abandons what is still open; deleteWrittenFiles() removes every file
      throw e;
    }
    List<DataFile> files = closer.awaitAll();
    closed = true;
    buffers.clear(); // a later write fails instead of buffering
    last = null;
    encoder.close();
    closer.close();
    return files;
  }

  /** Every location this writer created a file at (for cleanup when the run is abandoned). */
  List<String> writtenLocations() {
    return List.copyOf(writtenLocations);
  }

  /**
   * Abandons the run if it was not finished: waits for files being completed, closes open files without
   * completing them and drops the buffered rows. Deletes nothing: {@link #deleteWrittenFiles()} does.
   * Harmless after {@link #finish()}.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closer.awaitQuietly();
    for (SymbolBuffer buffer : buffers.values()) {
      if (buffer.file != null) {
        buffer.file.abandon();
        buffer.file = null;
      }
      resize(buffer, 0);
      buffer.count = 0;
      buffer.staged = 0;
    }
    open.clear();
    buffers.clear(); // a later write fails instead of buffering
    last = null;
    encoder.close();
    closer.close();
  }

  void deleteWrittenFiles() {
    for (String location : writtenLocations) {
      table.io().deleteFile(location);
    }
  }
}
