import type { Transform } from '../src/core/types.js';
import { pythonLowlevelToFastmcp, pythonLowlevelV2ToFastmcp } from './python-lowlevel-to-fastmcp.js';
import { pythonMcpserverToFastmcp } from './python-mcpserver-to-fastmcp.js';
import { pythonSdkFastmcpToFastmcp } from './python-sdk-fastmcp-to-fastmcp.js';

/** Every transform, in the order `run` tries them. */
export const allTransforms: Transform[] = [pythonLowlevelToFastmcp, pythonLowlevelV2ToFastmcp, pythonSdkFastmcpToFastmcp, pythonMcpserverToFastmcp];
