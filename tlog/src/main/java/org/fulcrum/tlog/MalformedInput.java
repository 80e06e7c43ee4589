package org.fulcrum.tlog;

/** Input that does not follow the format it claims: a note, key, checkpoint, tile path or bundle. */
public final class MalformedInput extends TlogException {

  public MalformedInput(String message) {
    super(message);
  }

  public MalformedInput(String message, Throwable cause) {
    super(message, cause);
  }
}
