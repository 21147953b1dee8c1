package io.dataflows.bench;

import java.nio.file.Path;
import java.util.Locale;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemReaderBuilder;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemWriterBuilder;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.core.io.FileSystemResource;

/**
 * (5) Spring Batch 6: one chunk-oriented step (chunk size 1000) with a flat-file reader (delimited, typed rows), an
 * item processor (filter and the two fields) and a flat-file writer (one JSON line per item), on the resourceless
 * job repository and transaction manager.
 */
final class SpringBatchJob implements Implementation {

    /** A CSV row. */
    record Row(String id, String name, String email, String score, String country) {}

    /** A kept row with its two new fields. */
    record Out(Row row, String grade, String label) {
        String json() {
            StringBuilder sb = new StringBuilder(160);
            sb.append("{\"id\":");
            Workload.jsonString(sb, row.id);
            sb.append(",\"name\":");
            Workload.jsonString(sb, row.name);
            sb.append(",\"email\":");
            Workload.jsonString(sb, row.email);
            sb.append(",\"score\":");
            Workload.jsonString(sb, row.score);
            sb.append(",\"country\":");
            Workload.jsonString(sb, row.country);
            sb.append(",\"grade\":");
            Workload.jsonString(sb, grade);
            sb.append(",\"label\":");
            Workload.jsonString(sb, label);
            sb.append('}');
            return sb.toString();
        }
    }

    private final JobRepository repository = new ResourcelessJobRepository();
    private final TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
    private long runs;

    SpringBatchJob() throws Exception {
        operator.setJobRepository(repository);
        operator.setJobRegistry(new MapJobRegistry());
        operator.afterPropertiesSet();
    }

    @Override
    public long run(Path dir) throws Exception {
        FlatFileItemReader<Row> reader = new FlatFileItemReaderBuilder<Row>()
                .name("rows")
                .resource(new FileSystemResource(Workload.input(dir)))
                .encoding("UTF-8")
                .linesToSkip(1)
                .delimited().names("id", "name", "email", "score", "country")
                .fieldSetMapper(fs -> new Row(fs.readRawString(0), fs.readRawString(1), fs.readRawString(2),
                        fs.readRawString(3), fs.readRawString(4)))
                .build();
        ItemProcessor<Row, Out> processor = row -> {
            int score = Integer.parseInt(row.score());
            if (score < 50) {
                return null;
            }
            return new Out(row, score >= 90 ? "A" : "B", row.name() + "@" + row.country().toUpperCase(Locale.ROOT));
        };
        FlatFileItemWriter<Out> writer = new FlatFileItemWriterBuilder<Out>()
                .name("out")
                .resource(new FileSystemResource(Workload.output(dir, "spring-batch")))
                .encoding("UTF-8")
                .lineAggregator(Out::json)
                .build();
        Step step = new StepBuilder("reference", repository).<Row, Out>chunk(1000)
                .transactionManager(new ResourcelessTransactionManager())
                .reader(reader).processor(processor).writer(writer)
                .build();
        Job job = new JobBuilder("reference-workload", repository).start(step).build();
        JobExecution execution = operator.start(job,
                new JobParametersBuilder().addLong("run", ++runs).toJobParameters());
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException("job ended " + execution.getStatus() + ": "
                    + execution.getAllFailureExceptions());
        }
        return execution.getStepExecutions().iterator().next().getWriteCount();
    }
}
