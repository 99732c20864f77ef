import type { Transform } from '../src/core/types.js';
import { fastmcp2To3 } from './fastmcp-2-to-3.js';
import { fastmcp3To4 } from './fastmcp-3-to-4.js';
import { pythonLowlevelToFastmcp, pythonLowlevelV2ToFastmcp } from './python-lowlevel-to-fastmcp.js';
import { pythonMcpserverToFastmcp } from './python-mcpserver-to-fastmcp.js';
import { pythonSdkFastmcpToFastmcp } from './python-sdk-fastmcp-to-fastmcp.js';

/** Every transform, in the order `run` tries them. */
export const allTransforms: Transform[] = [fastmcp2To3, fastmcp3To4, pythonLowlevelToFastmcp, pythonLowlevelV2ToFastmcp, pythonSdkFastmcpToFastmcp, pythonMcpserverToFastmcp];
