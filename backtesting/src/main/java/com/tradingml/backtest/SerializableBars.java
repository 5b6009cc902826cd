package com.tradingml.backtest;

import com.tradingml.core.market.Symbol;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BarSource} that Java serialization can ship, for a Spark broadcast: the sweep's driver reads the bars
 * once and every executor replays them. Writing streams the series' own arrays (no copy); reading rebuilds the
 * series through {@link SymbolSeries.Builder}, so the bars are validated again on arrival. In the process that
 * made it (Spark's local mode), {@link #source()} is the very source given, with its cached replay schedule.
 *
 * <p>Immutable and thread-safe.
 */
public final class SerializableBars implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  private transient BarSource source;

  private SerializableBars(BarSource source) {
    this.source = source;
  }

  public static SerializableBars of(BarSource source) {
    if (source == null) {
      throw new IllegalArgumentException("no bar source");
    }
    return new SerializableBars(source);
  }

  /** The bars. */
  public BarSource source() {
    return source;
  }

  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeInt(source.symbolCount());
    for (int s = 0; s < source.symbolCount(); s++) {
      SymbolSeries series = source.series(s);
      out.writeUTF(series.symbol().value());
      out.writeObject(series.time);
      out.writeObject(series.open);
      out.writeObject(series.high);
      out.writeObject(series.low);
      out.writeObject(series.close);
      out.writeObject(series.volume);
    }
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    int symbols = in.readInt();
    if (symbols < 0) {
      throw new IOException("bad symbol count " + symbols);
    }
    List<SymbolSeries> series = new ArrayList<>(symbols);
    for (int s = 0; s < symbols; s++) {
      Symbol symbol = Symbol.of(in.readUTF());
      long[] time = (long[]) in.readObject();
      double[] open = (double[]) in.readObject();
      double[] high = (double[]) in.readObject();
      double[] low = (double[]) in.readObject();
      double[] close = (double[]) in.readObject();
      double[] volume = (double[]) in.readObject();
      int n = time.length;
      if (open.length != n || high.length != n || low.length != n || close.length != n || volume.length != n) {
        throw new IOException("the columns of " + symbol + " disagree on the bar count " + n);
      }
      SymbolSeries.Builder builder = SymbolSeries.builder(symbol).expect(n);
      for (int i = 0; i < n; i++) {
        builder.add(time[i], open[i], high[i], low[i], close[i], volume[i]);
      }
      series.add(builder.build());
    }
    source = BarSource.of(series);
  }

  @Override
  public String toString() {
    return "SerializableBars[" + source + "]";
  }
}
