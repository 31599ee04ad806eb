namespace CronHooks.Api.OpenApi;

/// <summary>The OpenAPI 3.1 document at /openapi/v1.json (built-in generator) and NSwag's UI at /docs.</summary>
internal static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddCronHooksOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.CreateSchemaReferenceId = SchemaNames.ReferenceId;
            options.AddDocumentTransformer<DocumentInfoTransformer>();
            options.AddDocumentTransformer<AnyJsonValueTransformer>();
            options.AddOperationTransformer<QueryEnumTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
            options.AddSchemaTransformer<StringEnumTransformer>();
            options.AddSchemaTransformer<ProblemDetailsTransformer>();
        });

    public static WebApplication MapCronHooksOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseMiddleware<SwaggerUiSecurityHeaders>();
        app.UseSwaggerUi(ui =>
        {
            ui.Path = "/docs";
            ui.DocumentPath = DocumentPath;
        });
        return app;
    }
}
