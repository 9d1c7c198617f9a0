// The consumers suite's Next.js project: a new app's defaults, with this folder as the tracing root
// (it sits inside the widget's repository, whose lock file Next.js would otherwise take for the root).
export default { outputFileTracingRoot: import.meta.dirname };
