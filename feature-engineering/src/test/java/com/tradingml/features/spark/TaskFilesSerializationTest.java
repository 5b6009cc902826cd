package com.tradingml.features.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.storage.tables.fileio.ObjectStoreFileIO;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.BaseTable;
import java.nio.ByteBuffer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Files;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SerializableTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.FileIO;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.reflect.ClassTag$;

/**
 * What crosses the wire with the application's serializer, Java's by default, Kryo in the cluster
 * (spark-operator/*.yaml set {@code spark.serializer} to Kryo): what a task returns to the driver (the data files
 * and the sorted flag), and the table the driver broadcasts to the tasks, whose FileIO must still write and
 * read objects on the other side.
 */
class TaskFilesSerializationTest {

  @TempDir Path dir;

  private static SerializerInstance serializer(String name) {
    SparkConf conf = new SparkConf();
    return (name.equals("kryo") ? new KryoSerializer(conf) : new JavaSerializer(conf)).newInstance();
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "kryo"})
  void shouldBroadcastATableWhoseObjectStoreFileIoStillWritesAndReads(String name) throws Exception {
    FeatureColumns columns = new FeatureColumns(FeatureSet.defaultSet());
    Path home = dir.resolve("home");
    ObjectStoreFileIO io = new ObjectStoreFileIO();
    io.initialize(ObjectStoreFileIO.propertiesFor(PipelineConfig.embedded(home).objectStore()));
    Table table = new HadoopTables(new Configuration()).create(columns.icebergSchema(), PartitionSpec.unpartitioned(),
        Map.of("format-version", "2"), dir.resolve("table").toString());
    Table withOurIo = SerializableTable.copyOf(new BaseTable(((BaseTable) table).operations(), "t") {
      @Override
      public FileIO io() {
        return io;
      }
    });

    SerializerInstance instance = serializer(name);
    Table received = instance.deserialize(instance.serialize(withOurIo, ClassTag$.MODULE$.apply(Table.class)),
        ClassTag$.MODULE$.apply(Table.class));
    assertThat(received.schema().sameSchema(columns.icebergSchema())).isTrue();
    assertThat(received.io()).isInstanceOf(ObjectStoreFileIO.class);
    assertThat(received.io().properties()).as("the FileIO keeps its settings").isEqualTo(io.properties())
        .containsKey("pipeline.object-store.directory");
    String location = home.toUri() + "objects/probe.bin"; // the embedded store's root is $PIPELINE_HOME/objects
    try (var out = received.io().newOutputFile(location).create()) {
      out.write(new byte[] {1, 2, 3});
    }
    try (var in = io.newInputFile(location).newStream()) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "kryo"})
  void shouldCarryEveryFieldOfTheDataFilesAndTheMarkerThroughSparksSerializers(String name) {
    FeatureColumns columns = new FeatureColumns(FeatureSet.defaultSet());
    Schema schema = columns.icebergSchema();
    PartitionSpec spec = PartitionSpec.builderFor(schema).identity(FeatureColumns.SYMBOL).build();
    SortOrder byTime = SortOrder.builderFor(schema).asc(FeatureColumns.TIMESTAMP).build();
    Table table = new HadoopTables(new Configuration()).create(schema, spec, byTime, Map.of("format-version", "2"),
        dir.resolve("table").toString());
    GenericRecord partition = GenericRecord.create(spec.partitionType());
    partition.set(0, "SYN001");
    FeatureFileWriter writer = new FeatureFileWriter(Files.localOutput(dir.resolve("a.parquet").toFile()), schema,
        columns, "SYN001", FeatureFileWriter.Codec.fromTableProperties(Map.of()),
        FeatureFileWriter.Layout.fromTableProperties(Map.of()), MetricsConfig.getDefault(),
        new FeatureFileWriter.Buffers());
    double[] values = new double[columns.doubleCount()];
    for (int r = 0; r < 10; r++) {
      values[0] = r;
      values[1] = r % 3 == 0 ? Double.NaN : -r;
      writer.add(1_700_000_000_000_000L + r * 60_000_000L, r > 3, values, 1);
    }
    DataFile written = writer.finish(table.spec(), partition);
    // and one with what the writer never sets: key metadata and a sort order
    DataFile keyed = DataFiles.builder(table.spec()).copy(written).withPath(dir.resolve("b.parquet").toString())
        .withEncryptionKeyMetadata(ByteBuffer.wrap(new byte[] {7, 8, 9})).withSortOrder(table.sortOrder()).build();

    SerializerInstance instance = serializer(name);
    List<List<DataFile>> sent = List.of(List.of(written, keyed), List.of());
    for (List<DataFile> files : sent) {
      TaskFiles task = new TaskFiles(files, !files.isEmpty(), table.specs());
      TaskFiles received = instance.deserialize(
          instance.serialize(task, ClassTag$.MODULE$.apply(TaskFiles.class)),
          ClassTag$.MODULE$.apply(TaskFiles.class));
      assertThat(received.sorted()).isEqualTo(task.sorted());
      List<DataFile> after = received.files(table);
      assertThat(after).hasSameSizeAs(files);
      for (int i = 0; i < files.size(); i++) {
        assertSameFile(after.get(i), files.get(i));
      }
    }
    assertThat(written.recordCount()).isEqualTo(10);
    assertThat(written.nanValueCounts()).containsValue(4L);
  }

  private static void assertSameFile(DataFile after, DataFile before) {
    assertThat(after.location()).isEqualTo(before.location());
    assertThat(after.content()).isEqualTo(FileContent.DATA);
    assertThat(after.format()).isEqualTo(before.format());
    assertThat(after.specId()).isEqualTo(before.specId());
    assertThat(after.partition().get(0, String.class)).isEqualTo("SYN001");
    assertThat(after.recordCount()).isEqualTo(before.recordCount());
    assertThat(after.fileSizeInBytes()).isEqualTo(before.fileSizeInBytes());
    assertThat(after.columnSizes()).isEqualTo(before.columnSizes());
    assertThat(after.valueCounts()).isEqualTo(before.valueCounts());
    assertThat(after.nullValueCounts()).isEqualTo(before.nullValueCounts());
    assertThat(after.nanValueCounts()).isEqualTo(before.nanValueCounts());
    assertThat(after.lowerBounds()).isEqualTo(before.lowerBounds());
    assertThat(after.upperBounds()).isEqualTo(before.upperBounds());
    assertThat(after.keyMetadata()).isEqualTo(before.keyMetadata());
    assertThat(after.splitOffsets()).isEqualTo(before.splitOffsets());
    assertThat(after.sortOrderId()).isEqualTo(before.sortOrderId());
  }

  @org.junit.jupiter.api.Test
  void shouldRefuseToCarryWhatANewDataFileNeverHas() {
    FeatureColumns columns = new FeatureColumns(FeatureSet.defaultSet());
    Table table = new HadoopTables(new Configuration()).create(columns.icebergSchema(), PartitionSpec.unpartitioned(),
        Map.of("format-version", "2"), dir.resolve("t2").toString());
    DataFile withRowIds = DataFiles.builder(table.spec()).withPath(dir.resolve("c.parquet").toString())
        .withFormat("parquet").withFileSizeInBytes(10).withRecordCount(1).withFirstRowId(5L).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new TaskFiles(List.of(withRowIds), false, table.specs()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only new data files");
  }
}
