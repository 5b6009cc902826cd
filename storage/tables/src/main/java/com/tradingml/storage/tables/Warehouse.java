package com.tradingml.storage.tables;

import com.tradingml.core.config.PipelineConfig;
import com.tradingml.storage.tables.fileio.ObjectStoreFileIO;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The Iceberg warehouse: a JDBC catalog (H2 file under {@code $PIPELINE_HOME} by default, PostgreSQL
 * by configuration) whose table data and metadata live in the object store under {@code warehouse/}.
 * Readers only ever see committed snapshots: the catalog's pointer swap is the commit.
 *
 * <p>Thread-safe; one instance per process is enough. Close it to release the catalog's connections.
 */
public final class Warehouse implements AutoCloseable {

  public static final String DEFAULT_CATALOG_NAME = "pipeline";
  public static final String WAREHOUSE_PREFIX = "warehouse";

  private final JdbcCatalog catalog;
  private final ObjectStoreFileIO io;

  private Warehouse(JdbcCatalog catalog, ObjectStoreFileIO io) {
    this.catalog = catalog;
    this.io = io;
  }

  public static Warehouse open(PipelineConfig config) {
    return open(config, DEFAULT_CATALOG_NAME);
  }

  /**
   * Opens the catalog named {@code catalogName}. Several catalogs may share one database (the name is a
   * column of Iceberg's catalog tables): tests use that for isolation on a shared PostgreSQL.
   */
  public static Warehouse open(PipelineConfig config, String catalogName) {
    Map<String, String> properties = catalogProperties(config);
    ObjectStoreFileIO io = new ObjectStoreFileIO();
    io.initialize(properties);
    JdbcCatalog catalog = new JdbcCatalog(props -> io, null, true);
    catalog.initialize(catalogName, properties);
    return new Warehouse(catalog, io);
  }

  /** The catalog properties, also what a Spark session needs to reach the same tables. */
  public static Map<String, String> catalogProperties(PipelineConfig config) {
    Map<String, String> properties = new HashMap<>(ObjectStoreFileIO.propertiesFor(config.objectStore()));
    properties.put(CatalogProperties.URI, config.catalog().url());
    properties.put(JdbcCatalog.PROPERTY_PREFIX + "user", config.catalog().user());
    properties.put(JdbcCatalog.PROPERTY_PREFIX + "password", config.catalog().password());
    properties.put(JdbcCatalog.PROPERTY_PREFIX + "schema-version", "V1");
    properties.put(CatalogProperties.FILE_IO_IMPL, ObjectStoreFileIO.class.getName());
    properties.put("pipeline.spool-directory", config.home().resolve("tmp").toString());
    properties.put(CatalogProperties.WAREHOUSE_LOCATION, warehouseLocation(config));
    return properties;
  }

  static String warehouseLocation(PipelineConfig config) {
    PipelineConfig.ObjectStoreSettings store = config.objectStore();
    String base = store.isS3()
        ? "s3://" + store.bucket() + "/"
        : store.directory().toAbsolutePath().toUri().toString().replaceFirst("^file:///", "file:/");
    if (!base.endsWith("/")) {
      base = base + "/";
    }
    return base + WAREHOUSE_PREFIX;
  }

  /** The bars table of a dataset, created (empty) if it does not exist yet. */
  public Table barsTable(String dataset) {
    return createIfAbsent(TableSchemas.barsTable(dataset), TableSchemas.BARS, TableSchemas.BARS_SPEC,
        TableSchemas.BARS_ORDER);
  }

  /** The bars table of a dataset, if it exists. */
  public Optional<Table> findBarsTable(String dataset) {
    return find(TableSchemas.barsTable(dataset));
  }

  public Table quarantineTable(String dataset) {
    return createIfAbsent(TableSchemas.quarantineTable(dataset), TableSchemas.QUARANTINE, PartitionSpec.unpartitioned(),
        SortOrder.unsorted());
  }

  public Optional<Table> findQuarantineTable(String dataset) {
    return find(TableSchemas.quarantineTable(dataset));
  }

  /** The features table of a dataset and feature set ({@code features.<dataset>__<set>}), if computed. */
  public Optional<Table> findFeaturesTable(String dataset, String featureSet) {
    return find(TableIdentifier.of("features", TableSchemas.validateDatasetName(dataset) + "__" + featureSet));
  }

  public Optional<Table> find(TableIdentifier id) {
    try {
      return Optional.of(catalog.loadTable(id));
    } catch (NoSuchTableException e) {
      return Optional.empty();
    }
  }

  /** Creates the table if needed; concurrent creators (threads or processes) all end up with the same table. */
  public Table createIfAbsent(TableIdentifier id, Schema schema, PartitionSpec spec, SortOrder order) {
    Optional<Table> existing = find(id);
    if (existing.isPresent()) {
      return existing.get();
    }
    if (!catalog.namespaceExists(id.namespace())) {
      try {
        catalog.createNamespace(id.namespace(), Map.of());
      } catch (RuntimeException raced) {
        // A concurrent creator may have won (surfacing as AlreadyExists or as a duplicate-key SQL error,
        // depending on the database); only a namespace that still does not exist is a failure.
        if (!catalog.namespaceExists(id.namespace())) {
          throw raced;
        }
      }
    }
    try {
      return catalog.buildTable(id, schema)
          .withPartitionSpec(spec)
          .withSortOrder(order)
          .withProperties(TableSchemas.TABLE_PROPERTIES)
          .create();
    } catch (RuntimeException raced) {
      return find(id).orElseThrow(() -> raced);
    }
  }

  public JdbcCatalog catalog() {
    return catalog;
  }

  public ObjectStoreFileIO io() {
    return io;
  }

  public boolean namespaceExists(String namespace) {
    return catalog.namespaceExists(Namespace.of(namespace));
  }

  @Override
  public void close() {
    try {
      catalog.close();
    } finally {
      io.close();
    }
  }
}
