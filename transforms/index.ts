import type { Transform } from '../src/core/types.js';
import { pythonLowlevelToFastmcp } from './python-lowlevel-to-fastmcp.js';

/** Every transform, in the order `run` tries them. */
export const allTransforms: Transform[] = [pythonLowlevelToFastmcp];
