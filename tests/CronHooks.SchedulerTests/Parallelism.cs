// Fixtures marked [OwnDatabase, Parallelizable] (the long process and fault tests, which mostly wait) run two at a time,
// each on its own database; every other fixture still runs alone, on the shared one.
[assembly: LevelOfParallelism(2)]
