using Gatehouse.Cli;

return await GatehouseCli.RunAsync(args);
