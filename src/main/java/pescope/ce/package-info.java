/**
 * The Windows CE slot allocator: where the CE 2.x-6.0 loader puts each module, what it costs, and which
 * load fails and why (docs/ce-loader.md). Pure logic over small inputs: {@link pescope.ce.CeModule}
 * for an image, {@link pescope.ce.ModuleCatalog} to find one by name, {@link pescope.ce.Device} for the
 * device; {@link pescope.ce.SlotAllocator} turns them and a list of {@link pescope.ce.Step}s into a
 * {@link pescope.ce.SlotMap}.
 */
package pescope.ce;
