package com.tradingml.storage.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.PositionOutputStream;

/**
 * One Parquet data file of one symbol being written, row group by row group, through parquet-mr's
 * {@link ParquetFileWriter} (page headers, footer, column and offset indexes) over the table's
 * {@link OutputFile}. Its {@link DataFile} carries the metrics Iceberg's own writer would record: counts
 * and bounds from the footer, and for the double columns NaN counts and bounds as Iceberg computes them.
 *
 * <p>Memory: the footer metadata of the row groups written so far (~6 KiB per row group: column chunk
 * metadata, statistics, column and offset index entries) and the output stream's buffer. Not
 * thread-safe: the writer thread writes its row groups, then hands it over (through an executor, which
 * orders the two) to one closing thread that {@linkplain #finish finishes} it.
 */
final class BarParquetFile {

  private final String location;
  private final BarRowGroupEncoder encoder;
  private final BarRowGroupEncoder.SymbolDictionary symbol;
  private final ParquetOutput output;
  private final ParquetFileWriter writer;
  private final BarRowGroupEncoder.DoubleColumnMetrics[] doubleMetrics =
      BarRowGroupEncoder.DoubleColumnMetrics.forBars();
  private long rows;
  private int rowGroups;
  private boolean open = true;

  private BarParquetFile(String location, BarRowGroupEncoder encoder, BarRowGroupEncoder.SymbolDictionary symbol,
      ParquetOutput output, ParquetFileWriter writer) {
    this.location = location;
    this.encoder = encoder;
    this.symbol = symbol;
    this.output = output;
    this.writer = writer;
  }

  /** Creates (or overwrites) the file and writes the Parquet header. */
  static BarParquetFile create(OutputFile file, BarRowGroupEncoder encoder, BarRowGroupEncoder.SymbolDictionary symbol,
      long rowGroupSizeHint) {
    ParquetOutput output = new ParquetOutput(file);
    try {
      // The settings Iceberg's writer uses: no padding, default column index truncation, untruncated
      // statistics, page checksums.
      ParquetFileWriter writer = new ParquetFileWriter(output, encoder.schema(), ParquetFileWriter.Mode.OVERWRITE,
          rowGroupSizeHint, 0, ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH, Integer.MAX_VALUE, true,
          (org.apache.parquet.crypto.InternalFileEncryptor) null);
      writer.start();
      return new BarParquetFile(file.location(), encoder, symbol, output, writer);
    } catch (IOException e) {
      output.closeQuietly();
      throw new UncheckedIOException("cannot create data file " + file.location(), e);
    }
  }

  String location() {
    return location;
  }

  long rows() {
    return rows;
  }

  /** Row groups written so far: their metadata stays in memory until the footer is written. */
  int rowGroups() {
    return rowGroups;
  }

  /** Appends rows {@code [0, count)} of the columns as one row group. */
  void writeRowGroup(long[] timestamps, double[] opens, double[] highs, double[] lows, double[] closes,
      double[] volumes, int count) {
    try {
      encoder.writeRowGroup(writer, symbol, timestamps, opens, highs, lows, closes, volumes, count, doubleMetrics);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a row group to " + location, e);
    }
    rows += count;
    rowGroups++;
  }

  /** Writes the footer, closes the file (it is uploaded now) and describes it for a commit. */
  DataFile finish(PartitionSpec spec, StructLike partition, SortOrder sortOrder, MetricsConfig metricsConfig,
      Map<String, String> keyValueMetadata) {
    open = false;
    ParquetMetadata footer;
    try {
      writer.end(keyValueMetadata);
      footer = writer.getFooter();
    } catch (IOException | RuntimeException e) {
      output.closeQuietly();
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new UncheckedIOException("cannot finish data file " + location, (IOException) e);
    }
    Metrics metrics = ParquetUtil.footerMetrics(footer,
        Arrays.stream(doubleMetrics).map(BarRowGroupEncoder.DoubleColumnMetrics::toFieldMetrics), metricsConfig);
    return DataFiles.builder(spec)
        .withPath(location)
        .withFormat(FileFormat.PARQUET)
        .withPartition(partition)
        .withFileSizeInBytes(output.length())
        .withMetrics(metrics)
        .withSplitOffsets(ParquetUtil.getSplitOffsets(footer))
        .withSortOrder(sortOrder)
        .build();
  }

  /** Closes the stream without a footer (abandoning the run: the caller deletes the file). */
  void abandon() {
    if (open) {
      open = false;
      output.closeQuietly();
    }
  }

  /** parquet-mr's view of an Iceberg {@link OutputFile}; remembers the file's length once closed. */
  private static final class ParquetOutput implements org.apache.parquet.io.OutputFile {
    private final OutputFile file;
    private org.apache.iceberg.io.PositionOutputStream stream;
    private long closedLength = -1;

    ParquetOutput(OutputFile file) {
      this.file = file;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return wrap(file.create());
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return wrap(file.createOrOverwrite());
    }

    private PositionOutputStream wrap(org.apache.iceberg.io.PositionOutputStream opened) {
      this.stream = opened;
      return new PositionOutputStream() {
        @Override
        public long getPos() throws IOException {
          return opened.getPos();
        }

        @Override
        public void write(int b) throws IOException {
          opened.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          opened.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          opened.flush();
        }

        @Override
        public void close() throws IOException {
          if (closedLength < 0) {
            closedLength = opened.getPos();
          }
          opened.close();
        }
      };
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return file.location();
    }

    long length() {
      if (closedLength < 0) {
        throw new IllegalStateException("the length of " + file.location() + " is known once it is closed");
      }
      return closedLength;
    }

    void closeQuietly() {
      if (stream != null) {
        try {
          stream.close();
        } catch (IOException | RuntimeException e) {
          // abandoning: the caller deletes the file
        }
      }
    }
  }
}
