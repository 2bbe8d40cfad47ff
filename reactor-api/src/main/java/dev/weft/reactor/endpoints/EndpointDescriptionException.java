package dev.weft.reactor.endpoints;

import java.util.Objects;

/**
 * A string endpoint description given to {@link Endpoints} is malformed. The message names the
 * problem and shows the description with the bad part underlined; {@link #errorOffset()} and
 * {@link #errorLength()} locate it for tools.
 *
 * <p>Twisted: the {@code ValueError} of {@code serverFromString}/{@code clientFromString}.
 */
public final class EndpointDescriptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The malformed description. */
  private final String description;
  /** What is wrong with it. */
  private final String problem;
  /** Where the bad part starts. */
  private final int errorOffset;
  /** How long the bad part is. */
  private final int errorLength;

  /**
   * Creates the exception.
   *
   * @param problem what is wrong, in a short sentence without the description
   * @param description the whole description
   * @param errorOffset where the bad part starts, 0..{@code description.length()}
   * @param errorLength how many characters it spans, at least 0
   * @throws IllegalArgumentException if the offset or length fall outside the description
   */
  public EndpointDescriptionException(
      String problem, String description, int errorOffset, int errorLength) {
    super(format(problem, description, errorOffset, errorLength));
    this.problem = problem;
    this.description = description;
    this.errorOffset = errorOffset;
    this.errorLength = errorLength;
  }

  private static String format(String problem, String description, int offset, int length) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(description, "description");
    if (offset < 0 || length < 0 || offset + length > description.length()) {
      throw new IllegalArgumentException(
          "error span " + offset + "+" + length + " is outside the description of length "
              + description.length());
    }
    return "invalid endpoint description: " + problem + "\n  " + description + "\n  "
        + " ".repeat(offset) + "^".repeat(Math.max(1, length));
  }

  /**
   * Returns what is wrong, without the description.
   *
   * @return the problem, never {@code null}
   */
  public String problem() {
    return problem;
  }

  /**
   * Returns the malformed description.
   *
   * @return the description as given, never {@code null}
   */
  public String description() {
    return description;
  }

  /**
   * Returns where the bad part starts.
   *
   * @return a character offset into {@link #description()}
   */
  public int errorOffset() {
    return errorOffset;
  }

  /**
   * Returns how many characters the bad part spans.
   *
   * @return the length, 0 when something is missing at {@link #errorOffset()}
   */
  public int errorLength() {
    return errorLength;
  }
}
