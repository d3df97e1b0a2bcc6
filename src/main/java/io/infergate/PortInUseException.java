package io.infergate;

import io.infergate.config.NodeConfig;

/** A port the node must listen on is taken; the message names the setting that moves it, and is the whole story. */
public final class PortInUseException extends RuntimeException {

  PortInUseException(String what, int port, String setting) {
    super(what + " port " + port + " is in use; set " + setting + " (" + NodeConfig.environmentName(setting)
        + ") to a free port", null, false, false);
  }
}
