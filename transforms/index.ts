import type { Transform } from '../src/core/types.js';
import { pythonLowlevelToFastmcp, pythonLowlevelV2ToFastmcp } from './python-lowlevel-to-fastmcp.js';

/** Every transform, in the order `run` tries them. */
export const allTransforms: Transform[] = [pythonLowlevelToFastmcp, pythonLowlevelV2ToFastmcp];
