package com.tradingml.storage.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.parquet.InternalWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

/**
 * Writes bar rows into Parquet data files of a bars table, one open file per symbol (the table is
 * partitioned by symbol), rolling to a new file every {@value #ROWS_PER_FILE} rows. Nothing is visible
 * to readers until the caller commits {@link #finish()}'s files. Memory: at most one Parquet row group
 * buffer (the table's row-group size) per open symbol, independent of the input's length.
 *
 * <p>File names are {@code <runId>-<attempt nonce>-<symbol ordinal>-<part>.parquet}: a run's files are
 * recognisable, and concurrent attempts never collide. Not thread-safe: one writer thread.
 */
final class BarFilesWriter implements AutoCloseable {

  static final long ROWS_PER_FILE = 5_000_000L;

  private final Table table;
  private final String runId;
  private final MetricsConfig metricsConfig;
  private final Map<String, SymbolFile> open = new HashMap<>();
  private final List<DataFile> finished = new ArrayList<>();
  private final List<String> writtenLocations = new ArrayList<>();
  private final BarRow row = new BarRow();
  private final PartitionKey partitionKey;
  private int symbolOrdinal;

  private static final class SymbolFile {
    final int ordinal;
    DataWriter<BarRow> writer;
    long rows;
    int part;

    SymbolFile(int ordinal) {
      this.ordinal = ordinal;
    }
  }

  BarFilesWriter(Table table, String runId) {
    this.table = table;
    // A nonce per attempt: two concurrent attempts of the same run (same inputs) must never write, or
    // on failure delete, each other's files.
    this.runId = runId + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    this.metricsConfig = MetricsConfig.forTable(table);
    this.partitionKey = new PartitionKey(table.spec(), table.schema());
  }

  void write(String symbol, long epochMicros, double open, double high, double low, double close, double volume) {
    SymbolFile file = this.open.get(symbol);
    if (file == null) {
      file = new SymbolFile(symbolOrdinal++);
      this.open.put(symbol, file);
    }
    row.set(symbol, epochMicros, open, high, low, close, volume);
    if (file.writer == null) {
      file.writer = newWriter(file);
    }
    file.writer.write(row);
    if (++file.rows % ROWS_PER_FILE == 0) {
      closeWriter(file);
    }
  }

  private DataWriter<BarRow> newWriter(SymbolFile file) {
    partitionKey.partition(row);
    String name = String.format("%s-%05d-%03d.parquet", runId, file.ordinal, file.part++);
    String location = table.locationProvider().newDataLocation(table.spec(), partitionKey, name);
    OutputFile output = table.io().newOutputFile(location);
    writtenLocations.add(location);
    try {
      return Parquet.writeData(output)
          .forTable(table)
          .withSpec(table.spec())
          .withPartition(partitionKey.copy())
          .withSortOrder(table.sortOrder())
          .metricsConfig(metricsConfig)
          .createWriterFunc(InternalWriter::createWriter)
          .overwrite()
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open data file " + location, e);
    }
  }

  private void closeWriter(SymbolFile file) {
    try {
      file.writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close a data file of " + table.name(), e);
    }
    finished.add(file.writer.toDataFile());
    file.writer = null;
  }

  /** Closes every open file and returns all data files written, ready to commit. */
  List<DataFile> finish() {
    for (SymbolFile file : open.values()) {
      if (file.writer != null) {
        closeWriter(file);
      }
    }
    return List.copyOf(finished);
  }

  /** Every location this writer created a file at (for cleanup when the run is abandoned). */
  List<String> writtenLocations() {
    return List.copyOf(writtenLocations);
  }

  /** Abandons the run: closes quietly and deletes every file written. */
  @Override
  public void close() {
    for (SymbolFile file : open.values()) {
      if (file.writer != null) {
        try {
          file.writer.close();
        } catch (IOException | RuntimeException e) {
          // abandoning: the file is deleted below either way
        }
        file.writer = null;
      }
    }
  }

  void deleteWrittenFiles() {
    for (String location : writtenLocations) {
      table.io().deleteFile(location);
    }
  }
}
