// FastMCP major-version upgrades in place: 2 → 3 and 3 → 4 (docs/fastmcp-upgrades.md).
export { isFastmcp2Project, isFastmcp3Project, pinnedFastmcpMajor } from './detect.js';
export { HOP_2_TO_3, upgradeFastmcp2to3 } from './v2-to-v3.js';
export { HOP_3_TO_4, upgradeFastmcp3to4 } from './v3-to-v4.js';
