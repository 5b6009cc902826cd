package com.tradingml.features.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradingml.core.features.FeatureSet;
import com.tradingml.core.features.LabelSpec;
import com.tradingml.core.features.LabeledFeatureStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of one task are closed (the store's durable put) in the background: what the task returns must still be
 * every file, durable, in order, and a put that fails must fail the task and leave none of its files behind.
 */
class TaskFeatureFilesTest {

  private final FeatureSet set = FeatureSet.defaultSet();
  private final FeatureColumns columns = new FeatureColumns(set);
  @TempDir Path warehouse;
  private HadoopCatalog catalog;
  private Table table;

  @BeforeEach
  void createTable() {
    catalog = new HadoopCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("test", Map.of("io-impl", FailingPutFileIO.class.getName(), "warehouse",
        warehouse.toUri().toString()));
    table = FeatureJob.featuresTable(catalog, TableIdentifier.of("features", "t__" + set.name()), columns, set);
    assertThat(table.io()).as("the test's FileIO").isInstanceOf(FailingPutFileIO.class);
  }

  @AfterEach
  void closeCatalog() throws IOException {
    FailingPutFileIO.failingPathPart = null;
    catalog.close();
  }

  @Test
  void shouldReturnEveryFileOnceItsPutHasEndedInTheOrderTheyWereFinished() {
    TaskFeatureFiles files = new TaskFeatureFiles(table, columns, "00000-1-job");
    writeSymbol(files, "AAA", 300);
    writeSymbol(files, "BBB", 200);

    List<DataFile> written = files.written();

    assertThat(written).extracting(file -> file.partition().get(0, String.class)).containsExactly("AAA", "BBB");
    assertThat(written).extracting(DataFile::recordCount).containsExactly(300L, 200L);
    for (DataFile file : written) {
      assertThat(table.io().newInputFile(file.location()).exists()).as(file.location()).isTrue();
      assertThat(table.io().newInputFile(file.location()).getLength()).isEqualTo(file.fileSizeInBytes());
    }
  }

  @Test
  void shouldFailTheTaskWhenAPutFailsAndDeleteTheFilesItWrote() {
    FailingPutFileIO.failingPathPart = "symbol=BBB";
    TaskFeatureFiles files = new TaskFeatureFiles(table, columns, "00000-2-job");
    writeSymbol(files, "AAA", 300);
    writeSymbol(files, "BBB", 200);

    RuntimeException failure = null;
    try {
      files.written();
    } catch (RuntimeException e) {
      failure = e;
    }
    assertThat(failure).as("the failed put reaches the task").isNotNull();
    assertThat(failure).hasStackTraceContaining("injected failure of the put");
    List<String> aaa = FailingPutFileIO.created("symbol=AAA").stream().filter(path -> path.contains("00000-2-job"))
        .toList();
    assertThat(aaa).as("AAA's file was written").hasSize(1);

    files.abort(failure);
    assertThat(table.io().newInputFile(aaa.get(0)).exists()).as("deleted after the failure").isFalse();
    assertThat(files.written()).as("nothing left to commit").isEmpty();
  }

  private void writeSymbol(TaskFeatureFiles files, String symbol, int bars) {
    files.startSymbol(symbol);
    LabeledFeatureStream stream = new LabeledFeatureStream(set, LabelSpec.defaultSpec(), files::row);
    long micros = 1_700_000_000_000_000L;
    double close = 100;
    for (int i = 0; i < bars; i++) {
      close *= 1 + Math.sin(i * 0.7) * 0.001;
      stream.add(micros + i * 60_000_000L, close, close * 1.001, close * 0.999, close, 1_000 + i);
    }
    stream.finish();
    files.finishSymbol();
  }

  /**
   * Iceberg's Hadoop FileIO (local files here) whose puts (the output stream's close) fail for paths holding {@link
   * #failingPathPart}; remembers every data file created.
   */
  public static final class FailingPutFileIO extends HadoopFileIO {
    static volatile String failingPathPart;
    private static final List<String> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

    static List<String> created(String pathPart) {
      return CREATED.stream().filter(path -> path.contains(pathPart)).toList();
    }

    @Override
    public OutputFile newOutputFile(String path) {
      OutputFile file = super.newOutputFile(path);
      if (!path.endsWith(".parquet")) {
        return file;
      }
      return new OutputFile() {
        @Override
        public PositionOutputStream create() {
          return wrap(file.create());
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
          return wrap(file.createOrOverwrite());
        }

        @Override
        public String location() {
          return file.location();
        }

        @Override
        public org.apache.iceberg.io.InputFile toInputFile() {
          return file.toInputFile();
        }

        private PositionOutputStream wrap(PositionOutputStream out) {
          CREATED.add(path);
          return new PositionOutputStream() {
            @Override
            public long getPos() throws IOException {
              return out.getPos();
            }

            @Override
            public void write(int b) throws IOException {
              out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
              String failing = failingPathPart;
              if (failing != null && path.contains(failing)) {
                throw new IOException("injected failure of the put of " + path);
              }
              out.close();
            }
          };
        }
      };
    }
  }
}
