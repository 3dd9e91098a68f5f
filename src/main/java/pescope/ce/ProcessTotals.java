package pescope.ce;

/**
 * What one process's DLLs cost (ce-loader.md §7).
 *
 * @param dllLowAfterStart  DLL_LOW once the process's start-up loads were done
 * @param dllCost           bytes from that DLL_LOW up to the ROM area, gaps included
 * @param netNewCost        bytes of the global map this process newly reserved
 * @param slackWasted       64 KB slack of the RAM DLLs it uses
 * @param sizeOfImageSum    SizeOfImage summed over its RAM DLLs
 * @param kbSectionSum      KB326163's "sections + 4 KB" summed over the same DLLs (0 when unknown)
 * @param kbSumDiffers      some DLL's KB figure differs from its SizeOfImage by more than a page
 */
public record ProcessTotals(long dllLowAfterStart, long dllCost, long netNewCost, long slackWasted,
                            long sizeOfImageSum, long kbSectionSum, boolean kbSumDiffers) {}
