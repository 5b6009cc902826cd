package com.tradingml.features.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;

/**
 * What one task wrote: its data files, and whether it had to put bars in time order. A class rather than a record
 * with an immutable list: the cluster's Kryo serializer could rebuild neither (see TaskFilesSerializationTest).
 */
final class TaskFiles implements Serializable {
  private static final long serialVersionUID = 2L;

  private final ArrayList<DataFile> files;
  private final boolean sorted;

  TaskFiles(List<DataFile> files, boolean sorted) {
    this.files = new ArrayList<>(files);
    this.sorted = sorted;
  }

  /** The data files of every task. */
  static List<DataFile> filesOf(List<TaskFiles> tasks) {
    return tasks.stream().flatMap(task -> task.files.stream()).toList();
  }

  List<DataFile> files() {
    return files;
  }

  /** Whether some of the task's bars were sorted (by Spark before it, or by the task itself). */
  boolean sorted() {
    return sorted;
  }
}
