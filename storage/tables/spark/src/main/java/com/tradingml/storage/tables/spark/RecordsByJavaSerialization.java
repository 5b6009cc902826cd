package com.tradingml.storage.tables.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Lets Spark's Kryo serializer (the cluster's {@code spark.serializer}, spark-operator/*.yaml) carry Java records:
 * Kryo's field serializer cannot write them ("can't get field offset on a record class"), and records are how the
 * pipeline's domain types are written (a sweep's {@code SweepConfiguration}, in the tasks' input and results). Every
 * record is written with Java serialization instead; everything else keeps Kryo's own serializers. Set by
 * {@link SparkDriver#session} for every application; it only matters where Kryo is the serializer.
 */
public final class RecordsByJavaSerialization implements KryoRegistrator {

  @Override
  public void registerClasses(Kryo kryo) {
    // A default serializer applies to every subclass: all records extend java.lang.Record.
    kryo.addDefaultSerializer(Record.class, JavaSerializer.class);
  }
}
