package com.tradingml.storage.tables;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.storage.objectstore.S3TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The warehouse in S3: a real S3 API server on loopback (s3proxy), H2 catalog. */
class S3BarIngestionIT extends BarIngestionContract {

  private static S3TestServer server;

  @BeforeAll
  static void startServer() {
    server = S3TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected PipelineConfig config(Path home) {
    return PipelineConfig.load(Map.of(
        "PIPELINE_HOME", home.toString(),
        "PIPELINE_OBJECT_STORE_KIND", "s3",
        "PIPELINE_OBJECT_STORE_ENDPOINT", server.endpoint(),
        "PIPELINE_OBJECT_STORE_BUCKET", server.newBucket(),
        "PIPELINE_OBJECT_STORE_REGION", server.region(),
        "PIPELINE_OBJECT_STORE_ACCESS_KEY", server.accessKey(),
        "PIPELINE_OBJECT_STORE_SECRET_KEY", server.secretKey()), null);
  }
}
