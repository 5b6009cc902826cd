package com.tradingml.features.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.core.features.FeatureSet;
import com.tradingml.storage.tables.fileio.ObjectStoreFileIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
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
  void shouldCarryTheDataFilesAndTheMarkerThroughSparksSerializers(String name) {
    FeatureColumns columns = new FeatureColumns(FeatureSet.defaultSet());
    Schema schema = columns.icebergSchema();
    PartitionSpec spec = PartitionSpec.builderFor(schema).identity(FeatureColumns.SYMBOL).build();
    GenericRecord partition = GenericRecord.create(spec.partitionType());
    partition.set(0, "SYN001");
    FeatureFileWriter writer = new FeatureFileWriter(Files.localOutput(dir.resolve("a.parquet").toFile()), schema,
        columns, "SYN001", FeatureFileWriter.Codec.fromTableProperties(Map.of()),
        FeatureFileWriter.Layout.fromTableProperties(Map.of()), MetricsConfig.getDefault(),
        new FeatureFileWriter.Buffers());
    double[] values = new double[columns.doubleCount()];
    for (int r = 0; r < 10; r++) {
      values[0] = r;
      writer.add(1_700_000_000_000_000L + r * 60_000_000L, r > 3, values, 1);
    }
    DataFile file = writer.finish(spec, partition);

    SerializerInstance instance = serializer(name);
    List<TaskFiles> sent = new ArrayList<>(List.of(
        new TaskFiles(new ArrayList<>(List.of(file)), true),
        new TaskFiles(new ArrayList<>(), false)));
    for (TaskFiles task : sent) {
      TaskFiles received = instance.deserialize(
          instance.serialize(task, ClassTag$.MODULE$.apply(TaskFiles.class)),
          ClassTag$.MODULE$.apply(TaskFiles.class));
      assertThat(received.sorted()).isEqualTo(task.sorted());
      assertThat(received.files()).hasSameSizeAs(task.files());
      for (int i = 0; i < task.files().size(); i++) {
        DataFile before = task.files().get(i);
        DataFile after = received.files().get(i);
        assertThat(after.path().toString()).isEqualTo(before.path().toString());
        assertThat(after.recordCount()).isEqualTo(10);
        assertThat(after.fileSizeInBytes()).isEqualTo(before.fileSizeInBytes());
        assertThat(after.partition().get(0, String.class)).isEqualTo("SYN001");
        assertThat(after.lowerBounds()).isEqualTo(before.lowerBounds());
        assertThat(after.nanValueCounts()).isEqualTo(before.nanValueCounts());
        assertThat(after.splitOffsets()).isEqualTo(before.splitOffsets());
      }
    }
  }
}
