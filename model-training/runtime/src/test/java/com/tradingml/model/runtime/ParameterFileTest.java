package com.tradingml.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ParameterFileTest {

  @Test
  void shouldLayOutTheHeaderAndValuesLittleEndian() {
    byte[] bytes = ParameterFile.encode(new double[] {1.5, -2.0});

    assertThat(bytes).hasSize(20 + 16);
    assertThat(Arrays.copyOfRange(bytes, 0, 4)).containsExactly('T', 'M', 'L', 'P');
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(buffer.getInt(4)).isEqualTo(1);
    assertThat(buffer.getInt(8)).isEqualTo(ParameterFile.FLOAT64);
    assertThat(buffer.getLong(12)).isEqualTo(2);
    assertThat(buffer.getDouble(20)).isEqualTo(1.5);
    assertThat(buffer.getDouble(28)).isEqualTo(-2.0);
    assertThat(bytes[27]).as("most significant byte of 1.5 last").isEqualTo((byte) 0x3F);
  }

  @Test
  void shouldRoundTripEveryBit() {
    double[] values = {0.0, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1e-300, Math.PI, Math.nextUp(1.0), 123456.789};
    double[] back = ParameterFile.decode(ParameterFile.encode(values), "params.bin");
    for (int i = 0; i < values.length; i++) {
      assertThat(Double.doubleToRawLongBits(back[i])).isEqualTo(Double.doubleToRawLongBits(values[i]));
    }
    assertThat(ParameterFile.decode(ParameterFile.encode(new double[0]), "p")).isEmpty();
  }

  @Test
  void shouldRefuseAnythingButAnExactTmlpFile() {
    byte[] good = ParameterFile.encode(new double[] {1, 2, 3});
    assertThatThrownBy(() -> ParameterFile.decode(Arrays.copyOf(good, good.length - 1), "params.bin"))
        .isInstanceOf(ModelPackageException.class)
        .hasMessage("params.bin: TMLP header says 3 values (44 bytes), but the file has 43 bytes");
    assertThatThrownBy(() -> ParameterFile.decode(Arrays.copyOf(good, good.length + 8), "params.bin"))
        .hasMessageContaining("but the file has 52 bytes");
    byte[] version = good.clone();
    version[4] = 2;
    assertThatThrownBy(() -> ParameterFile.decode(version, "params.bin")).hasMessageContaining("format version 2");
    byte[] type = good.clone();
    type[8] = 2;
    assertThatThrownBy(() -> ParameterFile.decode(type, "params.bin")).hasMessageContaining("value type 2");
    byte[] length = good.clone();
    length[19] = (byte) 0x80;
    assertThatThrownBy(() -> ParameterFile.decode(length, "params.bin")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> ParameterFile.decode(new byte[0], "params.bin")).hasMessageContaining("it is empty");
    assertThatThrownBy(() -> ParameterFile.decode(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 0x73, 0x72, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0}, "params.bin")).hasMessageContaining("a Java serialization stream");
  }

  @Test
  void shouldRefuseNonFiniteParameters() {
    assertThatThrownBy(() -> ParameterFile.encode(new double[] {1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameter 1 is NaN");
    byte[] bytes = ParameterFile.encode(new double[] {1, 2});
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putDouble(28, Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> ParameterFile.decode(bytes, "params.bin"))
        .isInstanceOf(ModelPackageException.class).hasMessage("params.bin: parameter 1 is Infinity; a model's"
            + " parameters must be finite");
  }
}
