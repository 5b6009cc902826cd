package com.tradingml.core.risk;

import com.tradingml.core.market.Symbol;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A compact, versioned binary encoding of {@link AccountRiskState} and of {@link RememberedDecision}, so
 * that a shared store (Redis) can hold them as opaque bytes and the kill switch latch survives a restart
 * (RELIABILITY.md R5). JDK only; no Java serialization (RELIABILITY.md M4: nothing here can run code).
 *
 * <p>Primitives: {@code varint} is an unsigned LEB128 integer; {@code zigzag} a signed integer as a zigzag
 * varint (small magnitudes in one or two bytes); {@code string} a varint byte length and strict UTF-8;
 * {@code instant} zigzag epoch seconds and varint nanoseconds. Every message ends with the CRC-32C of all
 * its preceding bytes (4 bytes, big-endian).
 *
 * <pre>
 * state v1:    'R' 'S' 0x01  account:string  tradingDay:zigzag(epochDay)  realizedPnl:zigzag(micros)
 *              killSwitch: engaged:byte reason:string since:instant
 *              holdings:   varint n, n x (symbol:string quantity:zigzag dayCost:zigzag(micros))
 *              marks:      varint n, n x (symbol:string price:zigzag(micros) asOf:instant)
 *              orderTimes: varint n, n x instant
 *              clientIds:  varint n, n x (id:string seenAt:instant)
 *              crc32c
 * decision v1: 'R' 'D' 0x01  clientOrderId account symbol:string  side:byte(0 BUY, 1 SELL)
 *              quantity:zigzag  price:8 bytes (IEEE 754 bits, big-endian)  time:instant
 *              accepted:byte  reason:string  checks: varint n, n x (code:varint passed:byte reason:string)
 *              crc32c
 * </pre>
 *
 * <p>Maps are written in key order, so equal states encode to identical bytes. Decoding is strict: a wrong
 * magic, an unknown format version, a bad checksum, a truncated or over-long message, malformed UTF-8 or a
 * value the domain types reject throws {@link IllegalArgumentException} naming the problem; the risk state
 * turns that into a rejected order ({@code risk_state_unavailable}), never a default state. A future format
 * adds a version and keeps a reader for every older one. Stateless and thread-safe.
 */
public final class RiskStateCodec {

  /** The format version this class writes. */
  public static final int FORMAT_VERSION = 1;

  private static final byte[] STATE_MAGIC = {'R', 'S'};
  private static final byte[] DECISION_MAGIC = {'R', 'D'};
  private static final int MAX_STRING_BYTES = 16 * 1024;

  private RiskStateCodec() {
  }

  public static byte[] encode(AccountRiskState state) {
    Writer w = new Writer(256 + 24 * (state.acceptedOrderTimes().size() + 2 * state.clientOrderIds().size()));
    w.magic(STATE_MAGIC);
    w.string(state.account());
    w.zigzag(state.tradingDay().toEpochDay());
    w.zigzag(state.realizedPnl().micros());
    w.bool(state.killSwitch().engaged());
    w.string(state.killSwitch().reason());
    w.instant(state.killSwitch().since());
    w.varint(state.holdings().size());
    for (Map.Entry<Symbol, Holding> e : state.holdings().entrySet()) {
      w.string(e.getKey().value());
      w.zigzag(e.getValue().quantity());
      w.zigzag(e.getValue().dayCost().micros());
    }
    w.varint(state.marks().size());
    for (Map.Entry<Symbol, Mark> e : state.marks().entrySet()) {
      w.string(e.getKey().value());
      w.zigzag(e.getValue().price().micros());
      w.instant(e.getValue().asOf());
    }
    w.varint(state.acceptedOrderTimes().size());
    for (Instant t : state.acceptedOrderTimes()) {
      w.instant(t);
    }
    w.varint(state.clientOrderIds().size());
    for (Map.Entry<String, Instant> e : state.clientOrderIds().entrySet()) {
      w.string(e.getKey());
      w.instant(e.getValue());
    }
    return w.finish();
  }

  /**
   * @throws IllegalArgumentException when the bytes are not a valid state message (see the class javadoc)
   */
  public static AccountRiskState decode(byte[] bytes) {
    Reader r = Reader.open(bytes, STATE_MAGIC, "risk state");
    try {
      String account = r.string();
      LocalDate day = LocalDate.ofEpochDay(r.zigzag());
      Money realized = Money.ofMicros(r.zigzag());
      KillSwitch latch = new KillSwitch(r.bool(), r.string(), r.instant());
      TreeMap<Symbol, Holding> holdings = new TreeMap<>();
      for (int i = 0, n = r.count(); i < n; i++) {
        putUnique(holdings, Symbol.of(r.string()), new Holding(r.zigzag(), Money.ofMicros(r.zigzag())));
      }
      TreeMap<Symbol, Mark> marks = new TreeMap<>();
      for (int i = 0, n = r.count(); i < n; i++) {
        putUnique(marks, Symbol.of(r.string()), new Mark(Money.ofMicros(r.zigzag()), r.instant()));
      }
      int timeCount = r.count();
      List<Instant> times = new ArrayList<>(timeCount);
      for (int i = 0; i < timeCount; i++) {
        times.add(r.instant());
      }
      TreeMap<String, Instant> ids = new TreeMap<>();
      for (int i = 0, n = r.count(); i < n; i++) {
        putUnique(ids, r.string(), r.instant());
      }
      r.end();
      return new AccountRiskState(account, day, realized, holdings, marks, times, ids, latch);
    } catch (RuntimeException e) {
      throw r.corrupt(e);
    }
  }

  public static byte[] encodeDecision(RememberedDecision remembered) {
    OrderIntent order = remembered.order();
    RiskDecision decision = remembered.decision();
    Writer w = new Writer(128 + 96 * decision.checks().size());
    w.magic(DECISION_MAGIC);
    w.string(order.clientOrderId());
    w.string(order.account());
    w.string(order.symbol().value());
    w.bytes.put(order.side() == Side.BUY ? (byte) 0 : (byte) 1);
    w.zigzag(order.quantity());
    w.ensure(8);
    w.bytes.putLong(Double.doubleToRawLongBits(order.price()));
    w.instant(order.time());
    w.bool(decision.accepted());
    w.string(decision.reason());
    w.varint(decision.checks().size());
    for (CheckResult check : decision.checks()) {
      w.varint(check.check().code());
      w.bool(check.passed());
      w.string(check.reason());
    }
    return w.finish();
  }

  /**
   * @throws IllegalArgumentException when the bytes are not a valid decision message
   */
  public static RememberedDecision decodeDecision(byte[] bytes) {
    Reader r = Reader.open(bytes, DECISION_MAGIC, "risk decision");
    try {
      String clientOrderId = r.string();
      String account = r.string();
      Symbol symbol = Symbol.of(r.string());
      int sideCode = r.u8();
      if (sideCode > 1) {
        throw new IllegalArgumentException("unknown side code " + sideCode);
      }
      Side side = sideCode == 0 ? Side.BUY : Side.SELL;
      long quantity = r.zigzag();
      double price = Double.longBitsToDouble(r.u64());
      Instant time = r.instant();
      OrderIntent order = new OrderIntent(clientOrderId, account, symbol, side, quantity, price, time);
      boolean accepted = r.bool();
      String reason = r.string();
      int n = r.count();
      List<CheckResult> checks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        checks.add(new CheckResult(RiskCheck.ofCode(r.varintAsInt()), r.bool(), r.string()));
      }
      r.end();
      return new RememberedDecision(order, new RiskDecision(clientOrderId, accepted, reason, checks, false));
    } catch (RuntimeException e) {
      throw r.corrupt(e);
    }
  }

  private static <K, V> void putUnique(Map<K, V> map, K key, V value) {
    if (map.put(key, value) != null) {
      throw new IllegalArgumentException("duplicate key " + key);
    }
  }

  private static final class Writer {
    ByteBuffer bytes;

    Writer(int capacity) {
      bytes = ByteBuffer.allocate(capacity);
    }

    void ensure(int more) {
      if (bytes.remaining() < more) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(bytes.capacity() * 2, bytes.position() + more));
        bytes.flip();
        bigger.put(bytes);
        bytes = bigger;
      }
    }

    void magic(byte[] magic) {
      ensure(3);
      bytes.put(magic).put((byte) FORMAT_VERSION);
    }

    void varint(long value) {
      ensure(10);
      long v = value;
      while ((v & ~0x7FL) != 0) {
        bytes.put((byte) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      bytes.put((byte) v);
    }

    void zigzag(long value) {
      varint((value << 1) ^ (value >> 63));
    }

    void bool(boolean value) {
      ensure(1);
      bytes.put(value ? (byte) 1 : (byte) 0);
    }

    void string(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      if (utf8.length > MAX_STRING_BYTES) {
        throw new IllegalArgumentException("string longer than " + MAX_STRING_BYTES + " bytes cannot be encoded");
      }
      varint(utf8.length);
      ensure(utf8.length);
      bytes.put(utf8);
    }

    void instant(Instant value) {
      zigzag(value.getEpochSecond());
      varint(value.getNano());
    }

    byte[] finish() {
      CRC32C crc = new CRC32C();
      crc.update(bytes.array(), 0, bytes.position());
      ensure(4);
      bytes.putInt((int) crc.getValue());
      return Arrays.copyOf(bytes.array(), bytes.position());
    }
  }

  private static final class Reader {
    private final ByteBuffer bytes;
    private final String what;

    private Reader(ByteBuffer bytes, String what) {
      this.bytes = bytes;
      this.what = what;
    }

    static Reader open(byte[] message, byte[] magic, String what) {
      if (message == null || message.length < magic.length + 1 + 4) {
        throw new IllegalArgumentException("corrupt " + what + ": " + (message == null ? "null" : message.length
            + " bytes"));
      }
      for (int i = 0; i < magic.length; i++) {
        if (message[i] != magic[i]) {
          throw new IllegalArgumentException("corrupt " + what + ": wrong magic bytes");
        }
      }
      int version = message[magic.length] & 0xFF;
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("unsupported " + what + " format version " + version + " (this build reads "
            + FORMAT_VERSION + ")");
      }
      int bodyEnd = message.length - 4;
      CRC32C crc = new CRC32C();
      crc.update(message, 0, bodyEnd);
      int stored = ByteBuffer.wrap(message, bodyEnd, 4).getInt();
      if (stored != (int) crc.getValue()) {
        throw new IllegalArgumentException("corrupt " + what + ": checksum mismatch");
      }
      return new Reader(ByteBuffer.wrap(message, magic.length + 1, bodyEnd - magic.length - 1).slice(), what);
    }

    IllegalArgumentException corrupt(RuntimeException cause) {
      return new IllegalArgumentException("corrupt " + what + " at byte " + bytes.position() + ": "
          + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
    }

    int u8() {
      return bytes.get() & 0xFF;
    }

    long u64() {
      return bytes.getLong();
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = u8();
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    int varintAsInt() {
      long value = varint();
      if (value < 0 || value > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("value out of int range: " + value);
      }
      return (int) value;
    }

    /** An element count: every element takes at least one byte, so a count beyond the rest is corrupt. */
    int count() {
      int n = varintAsInt();
      if (n > bytes.remaining()) {
        throw new IllegalArgumentException("count " + n + " exceeds the remaining " + bytes.remaining() + " bytes");
      }
      return n;
    }

    long zigzag() {
      long v = varint();
      return (v >>> 1) ^ -(v & 1);
    }

    boolean bool() {
      int b = u8();
      if (b > 1) {
        throw new IllegalArgumentException("boolean byte " + b);
      }
      return b == 1;
    }

    String string() {
      int length = varintAsInt();
      if (length > MAX_STRING_BYTES || length > bytes.remaining()) {
        throw new IllegalArgumentException("string length " + length + " exceeds the limit or the message");
      }
      ByteBuffer utf8 = bytes.slice();
      utf8.limit(length);
      bytes.position(bytes.position() + length);
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(utf8).toString();
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException("malformed UTF-8", e);
      }
    }

    Instant instant() {
      long seconds = zigzag();
      long nanos = varint();
      if (nanos < 0 || nanos > 999_999_999L) {
        throw new IllegalArgumentException("nanosecond field out of range: " + nanos);
      }
      return Instant.ofEpochSecond(seconds, nanos);
    }

    void end() {
      if (bytes.hasRemaining()) {
        throw new IllegalArgumentException(bytes.remaining() + " trailing bytes");
      }
    }
  }
}
