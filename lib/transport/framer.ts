/** One framed message of a streamed response. */
export interface WireFrame {
  event?: string;
  data: string;
}

/** Cuts a stream of decoded text into the frames of a wire format, keeping a partial frame for the next chunk. */
export interface Framer {
  /** The frames this chunk completes, in order. */
  push(chunk: string): WireFrame[];
  /** The frame the stream's last bytes hold, if its format ends one without a delimiter. */
  end(): WireFrame[];
}
