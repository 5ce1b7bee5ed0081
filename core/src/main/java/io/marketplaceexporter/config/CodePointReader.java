package io.marketplaceexporter.config;

import java.io.StringReader;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * SnakeYAML's reader over a document that is already in memory, in linear time.
 *
 * <p>SnakeYAML's own {@link StreamReader} reads 1024 characters at a time and, on every read,
 * copies the part of its window not yet consumed into a new array. While the scanner looks ahead
 * over one long token (a comment, a scalar, a whole flow-style line) nothing is consumed, so every
 * read copies the whole token seen so far: parsing a line of n characters costs about n²/2048
 * copies (an 8 MiB line took 9 s and allocated gigabytes). This reader decodes the text into code
 * points once and only moves an index; it behaves as {@link StreamReader} does otherwise (line and
 * column counting, the check for non-printable characters, marks for error messages).
 */
final class CodePointReader extends StreamReader {
  private static final String NAME = "'string'";

  private final int[] codePoints;
  private int pointer;
  private int line;
  private int column;
  private int documentIndex;

  CodePointReader(String text) {
    super(new StringReader(""));
    this.codePoints = text.codePoints().toArray();
    for (int i = 0; i < codePoints.length; i++) {
      if (!isPrintable(codePoints[i])) {
        throw new ReaderException(
            NAME, i, codePoints[i], "special characters are not allowed in a YAML document");
      }
    }
  }

  @Override
  public Mark getMark() {
    return new Mark(NAME, pointer, line, column, codePoints, pointer);
  }

  @Override
  public void forward() {
    forward(1);
  }

  @Override
  public void forward(int length) {
    for (int i = 0; i < length && pointer < codePoints.length; i++) {
      int c = codePoints[pointer++];
      documentIndex++;
      if (c == '\n'
          || c == '\u0085'
          || c == '\u2028'
          || c == '\u2029'
          || (c == '\r' && pointer < codePoints.length && codePoints[pointer] != '\n')) {
        line++;
        column = 0;
      } else if (c != 0xFEFF) {
        column++;
      }
    }
  }

  @Override
  public int peek() {
    return peek(0);
  }

  @Override
  public int peek(int index) {
    int at = pointer + index;
    return at < codePoints.length ? codePoints[at] : '\0';
  }

  @Override
  public String prefix(int length) {
    return new String(codePoints, pointer, Math.min(length, codePoints.length - pointer));
  }

  @Override
  public String prefixForward(int length) {
    String s = prefix(length);
    forward(length);
    return s;
  }

  @Override
  public int getColumn() {
    return column;
  }

  @Override
  public int getDocumentIndex() {
    return documentIndex;
  }

  @Override
  public void resetDocumentIndex() {
    documentIndex = 0;
  }

  @Override
  public int getIndex() {
    return pointer;
  }

  @Override
  public int getLine() {
    return line;
  }
}
