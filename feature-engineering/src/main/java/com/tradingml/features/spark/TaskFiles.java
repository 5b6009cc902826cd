package com.tradingml.features.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;

/**
 * What one task wrote, or, on input it was told is sorted but is not, where the order broke (and no files). A
 * class rather than a record: the cluster's Kryo serializer cannot write records (it needs field offsets Java
 * refuses for them), and an ArrayList rather than an immutable list, which Kryo could not rebuild.
 */
final class TaskFiles implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ArrayList<DataFile> files;
  private final String unsortedAt;
  private final boolean sortedInTask;

  TaskFiles(List<DataFile> files, String unsortedAt) {
    this(files, unsortedAt, false);
  }

  /** {@code sortedInTask}: the task put some of its bars in time order itself (see {@link SymbolFilesFunction}). */
  TaskFiles(List<DataFile> files, String unsortedAt, boolean sortedInTask) {
    this.files = new ArrayList<>(files);
    this.unsortedAt = unsortedAt;
    this.sortedInTask = sortedInTask;
  }

  /** The data files of every task. */
  static List<DataFile> filesOf(List<TaskFiles> tasks) {
    return tasks.stream().flatMap(task -> task.files.stream()).toList();
  }

  /** A task that found its input out of order and wrote nothing. */
  static TaskFiles unsorted(String where) {
    return new TaskFiles(List.of(), where);
  }

  List<DataFile> files() {
    return files;
  }

  boolean sortedInTask() {
    return sortedInTask;
  }

  /** Where the order broke, or null. */
  String unsortedAt() {
    return unsortedAt;
  }
}
