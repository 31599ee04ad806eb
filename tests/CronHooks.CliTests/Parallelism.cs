// Every test signs up its own user, so tests share the API and scheduler but nothing else: run them side by side.
[assembly: Parallelizable(ParallelScope.Children)]
[assembly: LevelOfParallelism(4)]
