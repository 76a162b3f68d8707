// Placeholder until the AssemblyScript SDK lands: nothing to build yet.
console.log('contracts: no templates yet');
