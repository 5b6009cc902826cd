package com.tradingml.features.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;

/**
 * What one task wrote: its data files, and whether it had to put bars in time order. The files travel as
 * {@link DataFileCodec} bytes, which both of Spark's serializers (Java's, and Kryo in the cluster) carry as one
 * array; see TaskFilesSerializationTest.
 */
final class TaskFiles implements Serializable {
  private static final long serialVersionUID = 3L;

  private final byte[] files;
  private final boolean sorted;

  /** @param specs the table's partition specs by id, those of the files among them */
  TaskFiles(List<DataFile> files, boolean sorted, Map<Integer, PartitionSpec> specs) {
    this.files = DataFileCodec.encode(files, specs);
    this.sorted = sorted;
  }

  /** The data files of every task, as files of {@code table}. */
  static List<DataFile> filesOf(List<TaskFiles> tasks, Table table) {
    List<DataFile> files = new ArrayList<>();
    for (TaskFiles task : tasks) {
      files.addAll(task.files(table));
    }
    return files;
  }

  List<DataFile> files(Table table) {
    return DataFileCodec.decode(files, table);
  }

  /** Whether some of the task's bars were sorted (by Spark before it, or by the task itself). */
  boolean sorted() {
    return sorted;
  }
}
