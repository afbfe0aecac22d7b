/** Rows of `Q` per register tile of the WebAssembly kernel. */
export const TILE_ROWS = 2;
/** Columns (rows of `K`) per register tile: 4 `f64x2` vectors. */
export const TILE_COLUMNS = 8;
