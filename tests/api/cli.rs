//! The clerk CLI against a live server (see clients/cli).
